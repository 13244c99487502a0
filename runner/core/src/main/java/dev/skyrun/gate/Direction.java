package dev.skyrun.gate;

import dev.skyrun.spec.GateSpec;

/**
 * Which way a metric improves, for {@code vs_baseline}.
 *
 * <p>The rule: a gate with {@code max} and no {@code min} is about a cost-like metric (latency,
 * dollars): lower is better. Every other gate ({@code min}, both, or neither) is about a
 * quality-like metric: higher is better.
 */
public enum Direction {
    /** Larger values are better (accuracy, pass rates). */
    HIGHER_IS_BETTER,
    /** Smaller values are better (latency, cost). */
    LOWER_IS_BETTER;

    /** The direction of a gate's metric by the rule above. */
    public static Direction of(GateSpec gate) {
        return gate.max().isPresent() && gate.min().isEmpty() ? LOWER_IS_BETTER : HIGHER_IS_BETTER;
    }

    /** How much {@code observed} improves on {@code baseline}: positive is better, in the metric's unit. */
    public double improvement(double observed, double baseline) {
        return this == HIGHER_IS_BETTER ? observed - baseline : baseline - observed;
    }
}
