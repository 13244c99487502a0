package dev.skyrun.catalog;

import java.util.Objects;

/**
 * Which catalog a plan was made from, so a plan or manifest can name it.
 *
 * @param source where it was read: a directory, or {@code bundled}
 * @param version a human label: the snapshot's date for the bundled catalog, else
 *     {@code skypilot-v8} and the newest file's date
 * @param sha256 hex SHA-256 over every cloud file of the catalog: for each cloud in name order,
 *     its name, a newline, its file's hex SHA-256 and a newline
 */
public record CatalogInfo(String source, String version, String sha256) {
    public CatalogInfo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** {@code skypilot-v8 2026-05-20 (sha256:0123abcd4567)}: one line for a plan's header. */
    public String label() {
        return version + " (sha256:" + sha256.substring(0, Math.min(12, sha256.length())) + ")";
    }
}
