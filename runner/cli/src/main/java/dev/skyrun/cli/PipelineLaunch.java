package dev.skyrun.cli;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.pipeline.ControllerStages;
import dev.skyrun.pipeline.PipelineEvent;
import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRunLayout;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunIds;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.SecretValues;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Stage;
import dev.skyrun.state.EventRecord;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a pipeline spec from the CLI ({@code skyrun launch PIPELINE.yaml}, {@code skyrun rollback}):
 * wires the launcher to the session's state and clouds and renders stage events and job lines,
 * each prefixed with its stage.
 */
final class PipelineLaunch {

    private final Session session;
    private final Planner planner;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final List<RunController> controllers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    PipelineLaunch(Session session, Planner planner, PrintWriter out, PrintWriter err, boolean quiet) {
        this.session = session;
        this.planner = planner;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * What a rollback takes from the release it re-runs instead of from the work tree ({@link #NONE}
     * for a launch).
     *
     * @param images stage to image by digest
     * @param contracts stage to the contract digests (path to sha256) the release was built against
     * @param rollbackOf the release re-run
     * @param stageFiles the stage files as recorded
     */
    record Recorded(Map<String, String> images, Map<String, Map<String, String>> contracts,
            Optional<ReleaseRef> rollbackOf, List<SpecRecord.File> stageFiles) {

        static final Recorded NONE = new Recorded(Map.of(), Map.of(), Optional.empty(), List.of());

        /** What {@code m} (the release {@code ref}) recorded. */
        static Recorded of(Manifest m, ReleaseRef ref) {
            Map<String, String> images = new LinkedHashMap<>();
            Map<String, Map<String, String>> contracts = new LinkedHashMap<>();
            for (StageRecord st : m.stages()) {
                st.image().ifPresent(i -> images.put(st.name(), i));
                contracts.put(st.name(), st.contracts());
            }
            return new Recorded(images, contracts, Optional.of(ref), m.spec().map(SpecRecord::files).orElse(List.of()));
        }
    }

    /** Runs the pipeline; {@code recorded} is {@link Recorded#NONE} but for a rollback. */
    PipelineLauncher.Result run(PipelineSpec pipeline, Path file, String text, Map<String, String> givenSecrets,
            Recorded recorded) throws IOException, InterruptedException {
        Secrets secrets = secrets(pipeline, givenSecrets);
        String runId = RunIds.next(pipeline.name());
        Path storeDir = storeDir(session, runId);
        PipelineRunLayout layout = new PipelineRunLayout(runId, storeUri(storeDir), new LocalDirStore(storeDir));
        PipelineLauncher.Services services = new PipelineLauncher.Services(
                images -> new ControllerStages(new ControllerStages.Context(session.state,
                        task -> controller(), layout, file, secrets, images,
                        recorded.contracts(), this::listener, task -> planner.plan(task, Optional.empty()).stream().findFirst())),
                new ReleaseLedger(session.state.releases(), Optional.of(releasesDir(session))), releasesDir(session), this::store,
                this::pin, this::event);
        PipelineLauncher.Request req = new PipelineLauncher.Request(pipeline, file, text,
                List.copyOf(secrets.reveal().values()), runId, recorded.images(), recorded.rollbackOf(),
                recorded.stageFiles());
        if (!quiet) {
            err.printf("skyrun: pipeline %s run %s: %d stages, outputs in %s%n", pipeline.name(), runId,
                    pipeline.stages().size(), layout.storeUri());
            err.flush();
        }
        return new PipelineLauncher(services).launch(req);
    }

    /** A stage's controller, interrupted at once when Ctrl-C came before it. */
    private RunController controller() {
        RunController c = new RunController(session.state, session.clouds, planner);
        controllers.add(c);
        if (interrupted) {
            c.interrupt();
        }
        return c;
    }

    /** Asks every stage's controller, and any started later, to stop what it started (Ctrl-C). */
    void interrupt() {
        interrupted = true;
        controllers.forEach(RunController::interrupt);
    }

    private Secrets secrets(PipelineSpec pipeline, Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Stage s : pipeline.stages()) {
            all.putAll(SecretValues.resolve(s.task(), given, System.getenv()).reveal());
        }
        return Secrets.of(all);
    }

    private ObjectStore store(StoreUri uri) {
        return store(session, uri);
    }

    /** The store behind a URI: a local directory, or the store a cloud plug-in serves. */
    static ObjectStore store(Session session, StoreUri uri) {
        return session.clouds.store(uri);
    }

    private String pin(String image) {
        if (image.contains("@sha256:") || image.matches("sha256:[0-9a-f]{64}")) {
            return image;
        }
        return session.clouds.open("local").imageDigest(image).orElseThrow(() -> new IllegalArgumentException(
                "cannot pin image " + image + " to a digest; write image: " + image + "@sha256:..."));
    }

    private void event(PipelineEvent e) {
        if (!quiet) {
            synchronized (err) {
                String kind = e.kind().name().toLowerCase(java.util.Locale.ROOT);
                err.printf("skyrun: [%s] %s%n", e.stage(), e.message().equals(kind) ? kind : kind + ": " + e.message());
                err.flush();
            }
        }
    }

    private RunListener listener(String stage) {
        return new RunListener() {
            @Override
            public void event(EventRecord e) {
                if (!quiet) {
                    synchronized (err) {
                        err.println("skyrun: [" + stage + "] " + RunViews.event(e));
                        err.flush();
                    }
                }
            }

            @Override
            public void log(LogLine line) {
                if (!quiet) {
                    PrintWriter w = line.stderr() ? err : out;
                    synchronized (w) {
                        w.println("(" + stage + ") " + line.text());
                        w.flush();
                    }
                }
            }
        };
    }

    /** Where the home keeps its copy of each manifest: {@code HOME/releases} (0700). */
    static Path releasesDir(Session session) throws IOException {
        return session.home.privateDir(session.home.dir().resolve("releases"));
    }

    /** The run store of a pipeline run: {@code HOME/runs/RUN/store}. */
    static Path storeDir(Session session, String runId) throws IOException {
        return session.home.privateDir(session.home.runDir(runId).resolve("store"));
    }

    /** A store directory as the URI artifacts are recorded under (no trailing slash). */
    static String storeUri(Path storeDir) {
        return storeDir.toUri().toString().replaceAll("/$", "");
    }
}
