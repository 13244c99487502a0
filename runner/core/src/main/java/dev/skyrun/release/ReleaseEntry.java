package dev.skyrun.release;

import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.ReleaseVerdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the release history: a release, its verdict, and where its manifest is.
 *
 * @param release name and version
 * @param created when its manifest was made
 * @param verdict PROMOTED or REJECTED
 * @param manifestSha256 hex sha256 of its canonical manifest bytes
 * @param manifestUri where the manifest was published ({@code release.publish}), if anywhere
 * @param runId the run that produced it, when a run did
 * @param rollbackOf the release it re-ran, when it is a rollback
 */
public record ReleaseEntry(ReleaseId release, Instant created, ReleaseVerdict verdict, String manifestSha256,
        Optional<String> manifestUri, Optional<String> runId, Optional<ReleaseId> rollbackOf) {
    public ReleaseEntry {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(manifestUri, "manifestUri");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rollbackOf, "rollbackOf");
    }

    /** The history line of a manifest with these bytes. */
    public static ReleaseEntry of(Manifest m, byte[] canonicalBytes, Optional<String> manifestUri) {
        return new ReleaseEntry(m.release(), m.created(), m.verdict(), Digests.sha256(canonicalBytes), manifestUri,
                m.runId(), m.rollbackOf().map(ReleaseRef::release));
    }
}
