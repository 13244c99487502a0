package dev.skyrun.pipeline;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.release.ReleaseVerifier;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a release runnable again, as {@code skyrun rollback} and {@code skyrun watch} (rolling
 * back on an SLO breach) both do: every recorded sha256 checked (the manifest in state, where it
 * was published, its spec text and each artifact in its run store), then the recorded spec text
 * loaded, with the image digests, contract digests and stage results the re-run takes from it.
 */
public final class ReleaseRollback {

    /**
     * A release ready to be re-run.
     *
     * @param target its history line
     * @param manifest its verified manifest
     * @param spec the spec as recorded
     * @param pipeline the recorded spec, loaded
     * @param recorded what the re-run takes from the release instead of from the work tree
     */
    public record Prepared(ReleaseEntry target, Manifest manifest, SpecRecord spec, PipelineSpec pipeline,
            PipelineRuns.Recorded recorded) {
        public Prepared {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(recorded, "recorded");
        }
    }

    private ReleaseRollback() {}

    /**
     * Verifies a release and loads its recorded spec.
     *
     * @throws InvalidInputException naming what changed, or why there is nothing to re-run
     */
    public static Prepared prepare(SkyrunHome home, CloudRegistry clouds, ReleaseLedger ledger, ReleaseEntry target)
            throws IOException {
        byte[] bytes = ledger.manifestBytes(target.release());
        Manifest m = verify(home, clouds, target, bytes);
        SpecRecord spec = m.spec().orElseThrow(() -> new InvalidInputException(target.release()
                + " records no spec (it was fused from site manifests); there is nothing to re-run"));
        return new Prepared(target, m, spec, load(spec),
                PipelineRuns.Recorded.of(m, new ReleaseRef(target.release(), target.manifestSha256()), home));
    }

    private static Manifest verify(SkyrunHome home, CloudRegistry clouds, ReleaseEntry target, byte[] bytes)
            throws IOException {
        if (target.manifestUri().isPresent()) {
            StoreUri uri = StoreUri.parse(target.manifestUri().get());
            String key = uri.prefix().substring(uri.prefix().lastIndexOf('/') + 1);
            StoreUri dir = new StoreUri(uri.scheme(), uri.bucket(), uri.prefix().substring(0,
                    Math.max(0, uri.prefix().lastIndexOf('/'))));
            byte[] published;
            try (InputStream in = clouds.store(dir).open(key)) {
                published = in.readAllBytes();
            } catch (java.nio.file.NoSuchFileException e) {
                throw bad(target.manifestUri().get(), "the published manifest of " + target.release() + " is missing");
            }
            if (!Digests.sha256(published).equals(target.manifestSha256())) {
                throw bad(target.manifestUri().get(), "the published manifest of " + target.release() + " changed: sha256 "
                        + Digests.sha256(published) + ", recorded " + target.manifestSha256());
            }
        }
        String runId = target.runId().orElseThrow(() -> new InvalidInputException(target.release() + " names no run"));
        Path store = PipelineRuns.storeDir(home, runId);
        return ReleaseVerifier.verify(target, bytes, Optional.of(new LocalDirStore(store)), PipelineRuns.storeUri(store));
    }

    /**
     * Loads the recorded text: written, with the recorded stage files, into a temporary directory
     * beside the original spec (so other relative paths still resolve; the system's temp directory
     * when the spec's directory is gone), loaded, then removed.
     */
    static PipelineSpec load(SpecRecord recorded) throws IOException {
        Path original = Path.of(recorded.path()).toAbsolutePath();
        Path dir = Files.isDirectory(original.getParent())
                ? Files.createTempDirectory(original.getParent(), ".skyrun-rollback-")
                : Files.createTempDirectory("skyrun-rollback-");
        try {
            Path main = dir.resolve(original.getFileName());
            Files.writeString(main, recorded.text());
            for (SpecRecord.File f : recorded.files()) {
                Path target = dir.resolve(f.path()).normalize();
                if (!target.startsWith(dir)) {
                    throw new InvalidInputException("recorded stage file " + f.path() + " lies outside the spec's"
                            + " directory; a rollback cannot place it");
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.text());
            }
            dev.skyrun.spec.Spec loaded = SpecLoader.load(main, recorded.path() + " (as recorded)");
            if (!(loaded instanceof PipelineSpec p)) {
                throw new InvalidInputException("the recorded spec is not a pipeline");
            }
            return RecordedSpecs.unredact(p);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static InvalidInputException bad(String where, String message) {
        return new InvalidInputException(Problem.of(new Location(where, 0, 0), message,
                "a release is re-run only as recorded; restore it or roll back to another release"));
    }
}
