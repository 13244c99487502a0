package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the releases table: a release's history line and its manifest bytes.
 *
 * @param name release name
 * @param version release version
 * @param createdAt when its manifest was made
 * @param verdict {@code PROMOTED} or {@code REJECTED}
 * @param manifestSha256 hex sha256 of {@code manifest}
 * @param manifestUri where the manifest was published, if anywhere
 * @param runId the run that produced it
 * @param rollbackOf {@code NAME@VERSION} of the release it re-ran, for a rollback
 * @param keepStable the pipeline's {@code release.keep_stable} when it was made
 * @param manifest the canonical manifest bytes
 */
public record ReleaseRow(String name, String version, Instant createdAt, String verdict, String manifestSha256,
        Optional<String> manifestUri, Optional<String> runId, Optional<String> rollbackOf, int keepStable,
        byte[] manifest) {
    public ReleaseRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(manifestUri, "manifestUri");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rollbackOf, "rollbackOf");
        Objects.requireNonNull(manifest, "manifest");
    }
}
