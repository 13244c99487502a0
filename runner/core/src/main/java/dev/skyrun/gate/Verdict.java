package dev.skyrun.gate;

/** The outcome of one gate: passed, failed, or could not be decided because its input is absent. */
public enum Verdict {
    /** The observed value meets the gate. */
    PASS,
    /** The observed value does not meet the gate. */
    FAIL,
    /** The metric or contract the gate reads was not produced; never promotable. */
    MISSING
}
