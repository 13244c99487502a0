package dev.skyrun.gate;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What gates read about one stage of one release: its metrics and the sha256 of each contract
 * file its compatibility gates name.
 *
 * @param metrics metric name to value, as the job's metrics JSON has them
 * @param contracts contract path (as the gate names it) to lowercase hex sha256
 */
public record Observation(Map<String, Double> metrics, Map<String, String> contracts) {

    /** Nothing observed. */
    public static final Observation EMPTY = new Observation(Map.of(), Map.of());

    public Observation {
        metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        contracts = java.util.Collections.unmodifiableMap(new TreeMap<>(contracts));
    }

    /** A metric's value, if produced. */
    public Optional<Double> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /** A contract's digest, if known. */
    public Optional<String> contract(String path) {
        return Optional.ofNullable(contracts.get(path));
    }
}
