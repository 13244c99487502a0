package dev.skyrun.manifest;

import java.util.Objects;

/**
 * A pointer from one manifest to another release's manifest: which release, and the sha256 of
 * its manifest bytes, so the pointer cannot silently follow a changed file.
 *
 * @param release the release
 * @param manifestSha256 hex sha256 of that release's canonical manifest
 */
public record ReleaseRef(ReleaseId release, String manifestSha256) {
    public ReleaseRef {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
    }
}
