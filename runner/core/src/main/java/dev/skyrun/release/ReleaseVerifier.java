package dev.skyrun.release;

import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before a rollback re-runs anything, that a release is exactly what was recorded: its
 * manifest bytes hash to the sha256 in the history, its spec text to the spec's sha256, and
 * every artifact in the store to its recorded digest. Any difference is bad input (exit 2)
 * naming what changed.
 */
public final class ReleaseVerifier {

    private ReleaseVerifier() {}

    /**
     * Verifies a release and returns its manifest.
     *
     * @param entry the history line (with the recorded manifest sha256)
     * @param manifestBytes the manifest as kept in state or read from where it was published
     * @param artifactStore the store the run's artifacts are in, and its URI (artifact URIs start with it)
     * @param storeUri the URI of {@code artifactStore}'s root
     */
    public static Manifest verify(ReleaseEntry entry, byte[] manifestBytes, Optional<ObjectStore> artifactStore,
            String storeUri) throws IOException {
        String where = entry.manifestUri().orElse("the manifest of " + entry.release());
        String actual = Digests.sha256(manifestBytes);
        if (!actual.equals(entry.manifestSha256())) {
            throw bad(where, "manifest of " + entry.release() + " changed: sha256 " + actual + ", recorded "
                    + entry.manifestSha256());
        }
        Manifest m = ManifestJson.parse(manifestBytes);
        List<Problem> problems = new ArrayList<>();
        m.spec().ifPresent(s -> {
            String specSha = Digests.sha256(s.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!specSha.equals(s.sha256())) {
                problems.add(problem(where, "recorded spec text of " + entry.release() + " changed"));
            }
            for (SpecRecord.File f : s.files()) {
                if (!Digests.sha256(f.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)).equals(f.sha256())) {
                    problems.add(problem(where, "recorded stage file " + f.path() + " of " + entry.release() + " changed"));
                }
            }
        });
        for (ArtifactEntry a : m.artifacts()) {
            check(a, artifactStore, storeUri).ifPresent(msg -> problems.add(problem(a.uri(), msg)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return m;
    }

    private static Optional<String> check(ArtifactEntry a, Optional<ObjectStore> store, String storeUri)
            throws IOException {
        String root = storeUri.endsWith("/") ? storeUri : storeUri + "/";
        if (store.isEmpty() || !a.uri().startsWith(root)) {
            return Optional.of("artifact " + a.id() + " is not in the run's store " + storeUri + "; cannot verify it");
        }
        String key = a.uri().substring(root.length());
        try {
            ArtifactDigest now = StoredArtifacts.digest(store.get(), key, a.digest().kind());
            if (!now.sha256().equals(a.digest().sha256())) {
                return Optional.of("artifact " + a.id() + " changed: sha256 " + now.sha256() + ", recorded "
                        + a.digest().sha256());
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("artifact " + a.id() + " is missing from the store");
        }
    }

    private static Problem problem(String where, String message) {
        return Problem.of(new Location(where, 0, 0), message, "a release is re-run only as recorded; restore it or roll back to another release");
    }

    private static InvalidInputException bad(String where, String message) {
        return new InvalidInputException(problem(where, message));
    }
}
