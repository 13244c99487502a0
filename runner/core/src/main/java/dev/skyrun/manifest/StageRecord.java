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
 * @param ran when its run started and ended, when it ran here (not for fused site manifests)
 * @param cost what its run cost, when it ran here
 * @param inputsSha256 the sha256 of what its run depends on (its task without secret values, its image
 *     digest, its upstream artifacts' digests, its contract digests): a rollback re-uses the stage's
 *     kept results instead of running it again when this is unchanged
 * @param reusedFrom for a rollback, the release whose kept results were re-used instead of running it
 */
public record StageRecord(String name, Status status, Optional<String> image, Map<String, Double> metrics,
        Map<String, String> contracts, Optional<String> error, Optional<Span> ran, Optional<Cost> cost,
        Optional<String> inputsSha256, Optional<String> reusedFrom) {

    /**
     * What a stage's run cost, from its cost ledger.
     *
     * @param runId the stage's run
     * @param usd the run's total, USD
     * @param lostUsd the part spent on attempts that were preempted or failed
     * @param attempts how many attempts it billed
     */
    public record Cost(String runId, double usd, double lostUsd, int attempts) {
        public Cost {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /** A stage record without a cost. */
    public StageRecord(String name, Status status, Optional<String> image, Map<String, Double> metrics,
            Map<String, String> contracts, Optional<String> error, Optional<Span> ran) {
        this(name, status, image, metrics, contracts, error, ran, Optional.empty());
    }

    /** A stage record without an inputs digest. */
    public StageRecord(String name, Status status, Optional<String> image, Map<String, Double> metrics,
            Map<String, String> contracts, Optional<String> error, Optional<Span> ran, Optional<Cost> cost) {
        this(name, status, image, metrics, contracts, error, ran, cost, Optional.empty(), Optional.empty());
    }

    /**
     * When a stage ran.
     *
     * @param started when its run was launched
     * @param ended when its run ended and its outputs were collected
     */
    public record Span(java.time.Instant started, java.time.Instant ended) {
        public Span {
            started = started.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            ended = ended.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }
    }

    /** A stage record without run times. */
    public StageRecord(String name, Status status, Optional<String> image, Map<String, Double> metrics,
            Map<String, String> contracts, Optional<String> error) {
        this(name, status, image, metrics, contracts, error, Optional.empty());
    }


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
        Objects.requireNonNull(ran, "ran");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(inputsSha256, "inputsSha256");
        Objects.requireNonNull(reusedFrom, "reusedFrom");
    }

    /** What this stage's gates read (and what a later release's gates compare with). */
    public Observation observation() {
        return new Observation(metrics, contracts);
    }
}
