package dev.skyrun.pipeline;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Fusion;
import dev.skyrun.manifest.GitCommit;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ManifestWriter;
import dev.skyrun.manifest.Provenance;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.SecretRedactor;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.ReleaseSpec;
import dev.skyrun.spec.Stage;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a pipeline end to end: pins every stage's image to a digest, runs the stages through the
 * {@link PipelineScheduler}, fuses the outcomes against the stable baseline, writes the manifest
 * once (to the releases directory and the {@code release.publish} store) and records it in state.
 */
public final class PipelineLauncher {

    /**
     * What a launch needs besides the spec.
     *
     * @param stages runs one stage (given the pinned images)
     * @param ledger the release history in state
     * @param releasesDir where manifests are written locally ({@code ~/.skyrun/releases})
     * @param stores opens the store behind a URI ({@code release.publish})
     * @param pin resolves an image reference to the reference by digest it will run as
     * @param events stage events
     */
    public record Services(Function<Map<String, String>, StageExecutor> stages, ReleaseLedger ledger, Path releasesDir,
            Function<StoreUri, ObjectStore> stores, Function<String, String> pin, Consumer<PipelineEvent> events) {}

    /**
     * One launch.
     *
     * @param pipeline the loaded pipeline
     * @param specPath its file
     * @param specText its text as read (secrets are removed before it is recorded)
     * @param secretValues the secret values in use (removed from the recorded text too)
     * @param runId the pipeline run's id
     * @param pinnedImages stage to image-by-digest, for a rollback (else resolved now)
     * @param rollbackOf the release a rollback re-runs
     * @param stageFiles for a rollback, the stage files as recorded (else read from beside the spec)
     */
    public record Request(PipelineSpec pipeline, Path specPath, String specText, List<String> secretValues, String runId,
            Map<String, String> pinnedImages, Optional<ReleaseRef> rollbackOf, List<SpecRecord.File> stageFiles) {
        public Request {
            Objects.requireNonNull(pipeline, "pipeline");
            pinnedImages = Map.copyOf(pinnedImages);
            secretValues = List.copyOf(secretValues);
            stageFiles = List.copyOf(stageFiles);
        }
    }

    /**
     * What a launch made.
     *
     * @param manifest the fused manifest
     * @param bytes its canonical bytes
     * @param file where it was written locally
     * @param entry its line in the release history
     */
    public record Result(Manifest manifest, byte[] bytes, Path file, ReleaseEntry entry) {}

    private final Services services;

    public PipelineLauncher(Services services) {
        this.services = services;
    }

    /** Runs the pipeline and records its release. */
    public Result launch(Request req) throws IOException, InterruptedException {
        PipelineSpec p = req.pipeline();
        ReleaseSpec release = p.release().orElse(new ReleaseSpec(p.name(), Optional.empty(), Optional.empty(),
                ReleaseLedger.DEFAULT_KEEP_STABLE));
        Map<String, String> images = pins(p, req.pinnedImages());
        Optional<Baseline> baseline = services.ledger().baseline(release.name());
        List<StageOutcome> outcomes = new PipelineScheduler(services.stages().apply(images), services.events()).run(p);
        Path dir = services.releasesDir().resolve(release.name());
        Optional<StoreUri> publishUri = release.publish().map(StoreUri::parse);
        Optional<ObjectStore> publishStore = publishUri.map(services.stores());
        String version = services.ledger().nextVersion(release.name(), release.version().orElse("0.1.0"),
                v -> taken(new ReleaseId(release.name(), v) + ".json", dir, publishStore));
        SpecRecord main = SpecRecord.of(req.specPath().toString(), GitCommit.of(req.specPath()),
                SecretRedactor.redact(req.specText(), req.secretValues()));
        SpecRecord spec = new SpecRecord(main.path(), main.gitCommit(), main.sha256(), main.text(), stageFiles(req));
        Manifest m = Fusion.fuse(new ReleaseId(release.name(), version), Instant.now(), outcomes, baseline,
                new Provenance(Optional.of(spec), List.of(), Optional.empty(), Optional.of(req.runId()), req.rollbackOf()));
        byte[] bytes = ManifestJson.bytes(m);
        String fileName = m.release() + ".json";
        Path file = dir.resolve(fileName);
        ManifestWriter.writeOnce(file, bytes);
        Optional<String> published = Optional.empty();
        if (publishStore.isPresent()) {
            published = Optional.of(publish(fileName, bytes, publishUri.get(), publishStore.get()));
        }
        ReleaseEntry entry = services.ledger().record(m, bytes, published, release.keepStable());
        return new Result(m, bytes, file, entry);
    }

    /** Publishes a manifest under {@code fileName}; returns its URI. */
    private static String publish(String fileName, byte[] bytes, StoreUri uri, ObjectStore store) throws IOException {
        if (published(fileName, store)) {
            throw new java.nio.file.FileAlreadyExistsException(uri.resolve(fileName).toString(), null,
                    "a published manifest is never rewritten");
        }
        store.put(fileName, bytes);
        return uri.resolve(fileName).toString();
    }

    /**
     * Whether a manifest file name is taken: left in the local releases directory (by a launch that
     * failed before it was recorded) or already published (by another skyrun home).
     */
    private static boolean taken(String fileName, Path dir, Optional<ObjectStore> publishStore) {
        try {
            return Files.exists(dir.resolve(fileName)) || (publishStore.isPresent() && published(fileName, publishStore.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the release.publish store: " + e.getMessage(), e);
        }
    }

    private static boolean published(String fileName, ObjectStore store) throws IOException {
        return store.list(fileName).contains(fileName);
    }

    /** The stage files the spec names, as recorded (secrets removed); a rollback supplies them itself. */
    private static List<SpecRecord.File> stageFiles(Request req) throws IOException {
        if (!req.stageFiles().isEmpty()) {
            return req.stageFiles();
        }
        Path base = req.specPath().toAbsolutePath().getParent();
        List<SpecRecord.File> files = new java.util.ArrayList<>();
        for (Stage s : req.pipeline().stages()) {
            if (s.path().isPresent() && files.stream().noneMatch(f -> f.path().equals(s.path().get()))) {
                String text = Files.readString(base.resolve(s.path().get()));
                files.add(SpecRecord.File.of(s.path().get(), SecretRedactor.redact(text, req.secretValues())));
            }
        }
        return files;
    }

    private Map<String, String> pins(PipelineSpec p, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Stage s : p.stages()) {
            String image = given.get(s.name());
            if (image == null) {
                String ref = s.task().containerImage().orElseThrow(() -> new InvalidInputException("stage " + s.name()
                        + " names no container image; add image: (e.g. image: skyrun/busybox:local)"));
                image = services.pin().apply(ref);
            }
            out.put(s.name(), image);
        }
        return out;
    }
}
