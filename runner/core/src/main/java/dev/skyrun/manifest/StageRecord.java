package dev.skyrun.manifest;

import dev.skyrun.gate.Observation;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One stage (or fused site) of a release: how it ended, the image it ran, and what its gates read.
 *
 * @param name stage or site name
 * @param status how it ended
 * @param image the image it ran, by digest ({@code repo@sha256:...}), when it ran in a container
 * @param metrics its metrics JSON
 * @param contracts contract path to hex sha256, for its compatibility gates
 * @param error why it did not succeed, when it did not
 */
public record StageRecord(String name, Status status, Optional<String> image, Map<String, Double> metrics,
        Map<String, String> contracts, Optional<String> error) {

    /** How a stage ended. */
    public enum Status {
        /** It ran and its outputs and metrics were collected. */
        SUCCEEDED,
        /** It ran and failed, or its outputs or metrics could not be collected. */
        FAILED,
        /** It did not run because a stage it needs failed. */
        SKIPPED
    }

    public StageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(image, "image");
        metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        contracts = java.util.Collections.unmodifiableMap(new TreeMap<>(contracts));
        Objects.requireNonNull(error, "error");
    }

    /** What this stage's gates read (and what a later release's gates compare with). */
    public Observation observation() {
        return new Observation(metrics, contracts);
    }
}
