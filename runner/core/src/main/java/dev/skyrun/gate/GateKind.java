package dev.skyrun.gate;

import dev.skyrun.spec.GateSpec;
import java.util.Locale;

/** What a gate checks, derived from its spec: a metric threshold, a safety pass rate, or a contract digest. */
public enum GateKind {
    /** {@code min}/{@code max} and optionally {@code vs_baseline} on a metric. */
    METRIC,
    /**
     * A pass rate in [0, 1] whose metric name starts with {@code safety}; without {@code min} it
     * must be 1.0 (every safety case passed).
     */
    SAFETY,
    /** {@code contract: FILE}: the file's sha256 must equal the baseline release's. */
    COMPAT;

    /** The kind of a gate spec: {@code contract} makes it COMPAT, a {@code safety*} metric SAFETY. */
    public static GateKind of(GateSpec gate) {
        if (gate.contract().isPresent()) {
            return COMPAT;
        }
        return gate.metric().map(m -> m.toLowerCase(Locale.ROOT).startsWith("safety")).orElse(false)
                ? SAFETY : METRIC;
    }
}
