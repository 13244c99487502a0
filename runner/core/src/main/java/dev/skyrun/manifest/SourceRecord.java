package dev.skyrun.manifest;

import java.util.Objects;

/**
 * An input a fused manifest was built from, other than a spec: a site manifest given to
 * {@code skyrun fuse}, or its gates file.
 *
 * @param path the file as the user named it
 * @param sha256 hex sha256 of its bytes
 */
public record SourceRecord(String path, String sha256) {
    public SourceRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }
}
