package dev.skyrun.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec a release was built from, as recorded in its manifest: enough to re-run it exactly.
 *
 * @param path the spec file as the user named it
 * @param gitCommit the commit of the git work tree holding the file, when it is in one
 * @param sha256 hex sha256 of {@code text}
 * @param text the full spec text with secret values removed (see {@link SecretRedactor})
 * @param files the stage files the spec names ({@code task: stages/x.yaml}), recorded the same way
 */
public record SpecRecord(String path, Optional<String> gitCommit, String sha256, String text, List<File> files) {

    /**
     * A file a spec includes, recorded with it.
     *
     * @param path the path as the spec names it (relative to the spec's directory)
     * @param sha256 hex sha256 of {@code text}
     * @param text its text, secrets removed
     */
    public record File(String path, String sha256, String text) {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(text, "text");
        }

        /** A recorded file of already-redacted text. */
        public static File of(String path, String redactedText) {
            return new File(path, Digests.sha256(redactedText.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    redactedText);
        }
    }

    public SpecRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(text, "text");
        files = List.copyOf(files);
    }

    /** A record of a spec file that includes no other file. */
    public SpecRecord(String path, Optional<String> gitCommit, String sha256, String text) {
        this(path, gitCommit, sha256, text, List.of());
    }

    /** A record of already-redacted text; computes its sha256. */
    public static SpecRecord of(String path, Optional<String> gitCommit, String redactedText) {
        return new SpecRecord(path, gitCommit,
                Digests.sha256(redactedText.getBytes(java.nio.charset.StandardCharsets.UTF_8)), redactedText);
    }
}
