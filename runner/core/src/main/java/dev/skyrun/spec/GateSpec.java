package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A check an artifact must pass before promotion.
 *
 * <pre>{@code
 * gates:
 *   - {name: quality, metric: eval_accuracy, min: 0.82, vs_baseline: no_worse}
 *   - {name: latency, metric: p95_ms, max: 250}
 *   - {name: compat,  contract: contracts/fusion-api.json}
 *   - {name: recall,  metric: recall, min: 0.9, inconclusive_within: 0.01, on_missing: inconclusive}
 * }</pre>
 *
 * @param name the gate's name, unique within its task or pipeline
 * @param metric the metric it reads (from the job's metrics JSON)
 * @param min the lowest passing value
 * @param max the highest passing value
 * @param vsBaseline comparison against the current stable release's value of the metric
 * @param tolerance slack allowed by {@code vs_baseline} (absolute, in the metric's unit)
 * @param contract a contract file whose digest must equal the baseline's
 * @param inconclusiveWithin a noise band, in the metric's unit: a value that misses a threshold (or
 *     the baseline comparison) by no more than this is INCONCLUSIVE, not FAIL
 * @param onMissing what an absent metric means: FAIL (MISSING, the default) or INCONCLUSIVE
 */
public record GateSpec(
        String name, Optional<String> metric, Optional<Double> min, Optional<Double> max,
        Optional<BaselineRule> vsBaseline, Optional<Double> tolerance, Optional<String> contract,
        Optional<Double> inconclusiveWithin, MissingRule onMissing) {

    /** What a gate makes of a metric the stage did not produce. */
    public enum MissingRule {
        /** The gate is MISSING and the release is rejected. */
        FAIL,
        /** The gate is INCONCLUSIVE and the release is held for a person to decide. */
        INCONCLUSIVE
    }

    /** A gate without a noise band that fails on a missing metric. */
    public GateSpec(String name, Optional<String> metric, Optional<Double> min, Optional<Double> max,
            Optional<BaselineRule> vsBaseline, Optional<Double> tolerance, Optional<String> contract) {
        this(name, metric, min, max, vsBaseline, tolerance, contract, Optional.empty(), MissingRule.FAIL);
    }

    /** How a metric compares with the baseline release's. */
    public enum BaselineRule {
        /** At least as good as the baseline (within tolerance). */
        NO_WORSE,
        /** Strictly better than the baseline. */
        BETTER
    }

    public GateSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(vsBaseline, "vsBaseline");
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(inconclusiveWithin, "inconclusiveWithin");
        Objects.requireNonNull(onMissing, "onMissing");
    }

    /**
     * The gates of a YAML list that the schemas' {@code gate} definition accepted: a task's
     * {@code gates:} or a site's list in a gates file.
     */
    public static List<GateSpec> readAll(JsonNode list) {
        List<GateSpec> out = new ArrayList<>();
        list.forEach(g -> out.add(new GateSpec(
                g.path("name").asText(),
                SpecReader.text(g, "metric"),
                number(g, "min"),
                number(g, "max"),
                SpecReader.text(g, "vs_baseline").map(v -> BaselineRule.valueOf(v.toUpperCase(Locale.ROOT))),
                number(g, "tolerance"),
                SpecReader.text(g, "contract"),
                number(g, "inconclusive_within"),
                SpecReader.text(g, "on_missing").map(v -> MissingRule.valueOf(v.toUpperCase(Locale.ROOT)))
                        .orElse(MissingRule.FAIL))));
        return out;
    }

    private static Optional<Double> number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
    }
}
