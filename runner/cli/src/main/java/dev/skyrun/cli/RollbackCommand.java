package dev.skyrun.cli;

import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.pipeline.RecordedSpecs;
import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseHistory;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.release.ReleaseVerifier;
import dev.skyrun.review.ReleaseDiff;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun rollback}: re-runs exactly the spec text and image digests a release recorded. */
@Command(
        name = "rollback",
        description = {"Re-run a release exactly as recorded.",
            "Its spec text (not the file as it is now), its image digests (not tags) and the contract digests it"
                    + " was built against (compat gates). Every recorded sha256 is checked first (manifest, spec text,"
                    + " each artifact in the run's store); a difference stops the rollback with exit 2 naming what"
                    + " changed. The re-run is a new release that says which release it rolled back to."},
        footer = {"  skyrun rollback federated@1.4.0", "  skyrun rollback --previous", "  skyrun rollback --previous federated",
            "  skyrun rollback federated@1.4.0 --dry-run     what it would change (skyrun diff), nothing run",
            "", "Exit codes: 0 the re-run was promoted, 1 it was rejected or a stage failed, 2 a recorded digest differs",
            "or no such release, 3 infrastructure."})
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "RELEASE", description = "NAME@VERSION, or with --previous the release NAME.")
    String release;

    @Option(names = "--previous", description = "Roll back to the stable release before the current one.")
    boolean previous;

    @Option(names = "--dry-run", description = "Show what the rollback changes (skyrun diff CURRENT TARGET) and run nothing.")
    boolean dryRun;

    @Mixin
    LaunchOptions launching;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(System.getenv())) {
            ReleaseLedger ledger = new ReleaseLedger(s.state().releases(), Optional.of(PipelineRuns.releasesDir(s.state().home())));
            ReleaseHistory history = ledger.history(releaseName(ledger));
            ReleaseEntry target = history.rollbackTarget(Optional.ofNullable(release).filter(r -> !previous), previous);
            byte[] bytes = ledger.manifestBytes(target.release());
            if (dryRun) {
                Manifest current = history.stable().map(e -> ManifestJson.parse(ledger.manifestBytes(e.release())))
                        .orElseThrow(() -> new InvalidInputException("no stable release of " + history.name()));
                return DiffCommand.print(output, output.out(), ReleaseDiff.between(current,
                        ManifestJson.parse(bytes)));
            }
            Manifest m = verify(s, target, bytes);
            SpecRecord recorded = m.spec().orElseThrow(() -> new InvalidInputException(target.release()
                    + " records no spec (it was fused from site manifests); there is nothing to re-run"));
            PipelineSpec pipeline = load(recorded);
            PipelineRuns.Recorded pins = PipelineRuns.Recorded.of(m, new ReleaseRef(target.release(),
                    target.manifestSha256()));
            if (!output.quiet()) {
                output.err().printf("skyrun: rolling back to %s: spec sha256 %s, images %s%n",
                        target.release(), recorded.sha256().substring(0, 12), new java.util.TreeSet<>(pins.images().values()));
            }
            LaunchPlanner planner = launching.planner(s, Optional.of(pipeline), new Location(recorded.path(), 0, 0),
                    Optional.empty());
            PipelineLauncher.Result r = new PipelineLaunch(s, planner, output).run(pipeline, Path.of(recorded.path()),
                    recorded.text(), launching.givenSecrets(), pins);
            PipelineResults.print(output, output.out(), r);
            return r.manifest().promoted() ? ExitCode.OK : ExitCode.RUN_FAILED;
        }
    }

    private String releaseName(ReleaseLedger ledger) {
        if (release != null) {
            return previous ? release : ReleaseId.parse(release).name();
        }
        List<String> names = ledger.names();
        if (names.size() != 1) {
            throw new InvalidInputException(Problem.of(new Location("releases", 0, 0), names.isEmpty()
                    ? "there are no releases to roll back to" : "several release names exist: " + names,
                    "name one: skyrun rollback --previous NAME, or skyrun rollback NAME@VERSION"));
        }
        return names.get(0);
    }

    private static Manifest verify(Session s, ReleaseEntry target, byte[] bytes) throws IOException {
        if (target.manifestUri().isPresent()) {
            StoreUri uri = StoreUri.parse(target.manifestUri().get());
            String key = uri.prefix().substring(uri.prefix().lastIndexOf('/') + 1);
            StoreUri dir = new StoreUri(uri.scheme(), uri.bucket(), uri.prefix().substring(0, Math.max(0, uri.prefix().lastIndexOf('/'))));
            byte[] published;
            try (InputStream in = s.clouds().store(dir).open(key)) {
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
        Path store = PipelineRuns.storeDir(s.state().home(), runId);
        return ReleaseVerifier.verify(target, bytes, Optional.of(new LocalDirStore(store)), PipelineRuns.storeUri(store));
    }

    /**
     * Loads the recorded text: written, with the recorded stage files, into a temporary directory
     * beside the original spec (so other relative paths still resolve; the system's temp directory
     * when the spec's directory is gone), loaded, then removed.
     */
    private static PipelineSpec load(SpecRecord recorded) throws IOException {
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
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
