package dev.skyrun.gate;

import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate's verdict on one stage, with everything needed to see why: the observed value, the
 * thresholds, the baseline it was compared with, and a one-line reason.
 *
 * @param stage the stage (or site) whose outputs the gate judged
 * @param name the gate's name
 * @param kind what the gate checks
 * @param verdict PASS, FAIL or MISSING
 * @param metric the metric read, for METRIC and SAFETY gates
 * @param contract the contract file, for COMPAT gates
 * @param observed the metric's value in this release
 * @param min the lowest passing value in force (SAFETY defaults it to 1.0)
 * @param max the highest passing value
 * @param rule the {@code vs_baseline} rule
 * @param tolerance the {@code vs_baseline} tolerance
 * @param baseline the metric's value in the baseline (current stable) release
 * @param observedDigest the contract's sha256 in this release
 * @param baselineDigest the contract's sha256 in the baseline release
 * @param reason why, in one line
 */
public record GateResult(
        String stage, String name, GateKind kind, Verdict verdict,
        Optional<String> metric, Optional<String> contract,
        Optional<Double> observed, Optional<Double> min, Optional<Double> max,
        Optional<BaselineRule> rule, Optional<Double> tolerance, Optional<Double> baseline,
        Optional<String> observedDigest, Optional<String> baselineDigest, String reason) {

    public GateResult {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(observedDigest, "observedDigest");
        Objects.requireNonNull(baselineDigest, "baselineDigest");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this gate allows promotion. */
    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
