package dev.skyrun.pipeline;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunIds;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.SecretValues;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Stage;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.LocalDirStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a pipeline spec as {@code skyrun launch} and {@code skyrun rollback} do: a run id and a run
 * store under skyrun's home, each stage a {@link RunController} over the given planner, the
 * release in the state's ledger, artifacts published through the clouds' stores, images pinned
 * by the local engine. What happens goes to a {@link Listener}; nothing is printed.
 *
 * <pre>{@code
 * PipelineRuns runs = new PipelineRuns(session, planner, listener);
 * PipelineLauncher.Result r = runs.run(pipeline, file, text, secrets, System.getenv(), Recorded.NONE);
 * }</pre>
 */
public final class PipelineRuns {

    /** What a pipeline run tells its caller. */
    public interface Listener {
        /** The run of pipeline {@code name} has its id and store; its stages start next. */
        void started(String name, String runId, int stages, String storeUri);

        /** A stage started or ended. */
        void event(PipelineEvent e);

        /** Where a stage's run events and job lines go. */
        RunListener stage(String stage);
    }

    /**
     * What a rollback takes from the release it re-runs instead of from the work tree ({@link #NONE}
     * for a launch).
     *
     * @param images stage to image by digest
     * @param contracts stage to the contract digests (path to sha256) the release was built against
     * @param rollbackOf the release re-run
     * @param stageFiles the stage files as recorded
     * @param kept the stage results the release kept, re-used where a stage's inputs are unchanged
     */
    public record Recorded(Map<String, String> images, Map<String, Map<String, String>> contracts,
            Optional<ReleaseRef> rollbackOf, List<SpecRecord.File> stageFiles, KeptStages kept) {

        /** Nothing recorded: a launch. */
        public static final Recorded NONE = new Recorded(Map.of(), Map.of(), Optional.empty(), List.of(), KeptStages.NONE);

        /** What {@code m} (the release {@code ref}) recorded, its kept results in its run store under {@code home}. */
        public static Recorded of(Manifest m, ReleaseRef ref, SkyrunHome home) throws IOException {
            Map<String, String> images = new LinkedHashMap<>();
            Map<String, Map<String, String>> contracts = new LinkedHashMap<>();
            for (StageRecord st : m.stages()) {
                st.image().ifPresent(i -> images.put(st.name(), i));
                contracts.put(st.name(), st.contracts());
            }
            return new Recorded(images, contracts, Optional.of(ref), m.spec().map(SpecRecord::files).orElse(List.of()),
                    KeptStages.of(m, ref.release().toString(), home));
        }
    }

    private final StateStore state;
    private final CloudRegistry clouds;
    private final Planner planner;
    private final Listener listener;
    private final List<RunController> controllers = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    /** Pipeline runs in {@code session}'s home, on its clouds, their stages planned by {@code planner}. */
    public PipelineRuns(Session session, Planner planner, Listener listener) {
        this.state = session.state();
        this.clouds = session.clouds();
        this.planner = planner;
        this.listener = listener;
    }

    /**
     * Runs the pipeline and records its release.
     *
     * @param file the spec's file
     * @param text its text as read
     * @param givenSecrets {@code --secret} values, over {@code env}'s
     * @param env the environment secrets are resolved from
     * @param recorded {@link Recorded#NONE} but for a rollback
     */
    public PipelineLauncher.Result run(PipelineSpec pipeline, Path file, String text, Map<String, String> givenSecrets,
            Map<String, String> env, Recorded recorded) throws IOException, InterruptedException {
        Secrets secrets = secrets(pipeline, givenSecrets, env);
        String runId = RunIds.next(pipeline.name());
        Path storeDir = storeDir(state.home(), runId);
        PipelineRunLayout layout = new PipelineRunLayout(runId, storeUri(storeDir), new LocalDirStore(storeDir));
        PipelineLauncher.Services services = new PipelineLauncher.Services(
                images -> new ControllerStages(new ControllerStages.Context(state, task -> controller(), layout, file,
                        secrets, images, recorded.contracts(), recorded.kept(), listener::stage,
                        task -> planner.plan(task, Optional.empty()).stream().findFirst())),
                new ReleaseLedger(state.releases(), Optional.of(releasesDir(state.home()))), releasesDir(state.home()),
                clouds::store,
                this::pin, listener::event);
        PipelineLauncher.Request req = new PipelineLauncher.Request(pipeline, file, text,
                List.copyOf(secrets.reveal().values()), runId, recorded.images(), recorded.rollbackOf(),
                recorded.stageFiles());
        listener.started(pipeline.name(), runId, pipeline.stages().size(), layout.storeUri());
        return new PipelineLauncher(services).launch(req);
    }

    /** Asks every stage's controller, and any started later, to stop what it started (Ctrl-C). */
    public void interrupt() {
        interrupted = true;
        controllers.forEach(RunController::interrupt);
    }

    /** The run store of a pipeline run: {@code HOME/runs/RUN/store}. */
    public static Path storeDir(SkyrunHome home, String runId) throws IOException {
        return home.privateDir(home.runDir(runId).resolve("store"));
    }

    /** Where the home keeps its copy of each manifest: {@code HOME/releases} (0700). */
    public static Path releasesDir(SkyrunHome home) throws IOException {
        return home.privateDir(home.dir().resolve("releases"));
    }

    /** A store directory as the URI artifacts are recorded under (no trailing slash). */
    public static String storeUri(Path storeDir) {
        return storeDir.toUri().toString().replaceAll("/$", "");
    }

    /** A stage's controller, interrupted at once when Ctrl-C came before it. */
    private RunController controller() {
        RunController c = new RunController(state, clouds, planner);
        controllers.add(c);
        if (interrupted) {
            c.interrupt();
        }
        return c;
    }

    private static Secrets secrets(PipelineSpec pipeline, Map<String, String> given, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Stage s : pipeline.stages()) {
            all.putAll(SecretValues.resolve(s.task(), given, env).reveal());
        }
        return Secrets.of(all);
    }

    private String pin(String image) {
        if (image.contains("@sha256:") || image.matches("sha256:[0-9a-f]{64}")) {
            return image;
        }
        return clouds.open("local").imageDigest(image).orElseThrow(() -> new InvalidInputException(
                "cannot pin image " + image + " to a digest; write image: " + image + "@sha256:..."));
    }
}
