package dev.skyrun.gate;

/**
 * The outcome of one gate: passed, failed, could not be decided because its input is absent, or
 * not sure (within the gate's noise band, or absent where the gate says so).
 */
public enum Verdict {
    /** The observed value meets the gate. */
    PASS,
    /** The observed value does not meet the gate. */
    FAIL,
    /** The metric or contract the gate reads was not produced; never promotable. */
    MISSING,
    /**
     * Neither pass nor fail: the value is within the gate's {@code inconclusive_within} band of
     * failing, or the metric is absent and the gate has {@code on_missing: inconclusive}. The
     * release is HELD until someone approves or rejects it.
     */
    INCONCLUSIVE
}
