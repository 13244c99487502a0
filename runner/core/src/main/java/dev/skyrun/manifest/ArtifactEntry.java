package dev.skyrun.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * One artifact of a release: what it is, its digest, where it is stored and what producing it cost.
 *
 * @param id {@code STAGE/OUTPUT}, unique within the release
 * @param stage the stage (or site) that produced it
 * @param role what it is for in the release ({@code textgen}, {@code embed}, {@code runtime}, ...)
 * @param digest its sha256 (file) or tree digest (directory) and size
 * @param uri where it is stored ({@code s3://...}, {@code file:///...})
 * @param producer the placement that produced it, when known
 * @param attempts how many attempts the stage took (1 when it never recovered)
 * @param wallSeconds wall time of the stage, all attempts
 * @param estimatedCostUsd the producer's $/h times the wall time, when the price is known
 */
public record ArtifactEntry(String id, String stage, Optional<String> role, ArtifactDigest digest, String uri,
        Optional<Producer> producer, int attempts, double wallSeconds, Optional<Double> estimatedCostUsd) {
    public ArtifactEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(estimatedCostUsd, "estimatedCostUsd");
    }

    /** $/h times wall time, rounded to the micro-dollar. */
    public static Optional<Double> cost(Optional<Producer> producer, double wallSeconds) {
        return producer.map(p -> Math.round(p.pricePerHour() * wallSeconds / 3600.0 * 1e6) / 1e6);
    }
}
