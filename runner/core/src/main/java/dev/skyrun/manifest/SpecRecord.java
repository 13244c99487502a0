package dev.skyrun.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * The spec a release was built from, as recorded in its manifest: enough to re-run it exactly.
 *
 * @param path the spec file as the user named it
 * @param gitCommit the commit of the git work tree holding the file, when it is in one
 * @param sha256 hex sha256 of {@code text}
 * @param text the full spec text with secret values removed (see {@link SecretRedactor})
 */
public record SpecRecord(String path, Optional<String> gitCommit, String sha256, String text) {
    public SpecRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(text, "text");
    }

    /** A record of already-redacted text; computes its sha256. */
    public static SpecRecord of(String path, Optional<String> gitCommit, String redactedText) {
        return new SpecRecord(path, gitCommit,
                Digests.sha256(redactedText.getBytes(java.nio.charset.StandardCharsets.UTF_8)), redactedText);
    }
}
