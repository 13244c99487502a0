package dev.skyrun.manifest;

import java.util.Objects;

/**
 * The release new gates compare with: the current stable release's manifest and its sha256.
 *
 * @param manifest the stable release's manifest
 * @param manifestSha256 hex sha256 of its canonical bytes
 */
public record Baseline(Manifest manifest, String manifestSha256) {
    public Baseline {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
    }

    /** The baseline of a manifest read from its canonical bytes. */
    public static Baseline of(byte[] manifestBytes) {
        return new Baseline(ManifestJson.parse(manifestBytes), Digests.sha256(manifestBytes));
    }

    /** A pointer to this release. */
    public ReleaseRef ref() {
        return new ReleaseRef(manifest.release(), manifestSha256);
    }
}
