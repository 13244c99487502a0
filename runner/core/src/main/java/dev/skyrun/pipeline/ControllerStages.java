package dev.skyrun.pipeline;

import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Producer;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunCost;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.OutputSpec;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs each stage as a run of the {@link RunController} (with its recovery), then collects the
 * stage's metrics and outputs from the run's store and digests them.
 */
public final class ControllerStages implements StageExecutor {

    /**
     * What the stages of one pipeline run share.
     *
     * @param recordedContracts for a rollback, stage to the contract digests (path to sha256) its
     *     release was built against; a stage not in it digests its contract files beside the spec
     * @param kept for a rollback, the results its release kept (re-used where a stage's inputs are unchanged)
     */
    public record Context(StateStore state, Function<TaskSpec, RunController> controllers, PipelineRunLayout layout,
            Path specPath, Secrets secrets, Map<String, String> pinnedImages,
            Map<String, Map<String, String>> recordedContracts, KeptStages kept, Function<String, RunListener> listeners,
            Function<TaskSpec, Optional<Placement>> placementOf) {}

    private final Context ctx;

    public ControllerStages(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public StageOutcome execute(Stage stage, Map<String, StageOutcome> upstream) throws Exception {
        String image = ctx.pinnedImages().get(stage.name());
        Map<String, String> contracts = ctx.recordedContracts().containsKey(stage.name())
                ? ctx.recordedContracts().get(stage.name()) : contracts(stage.task());
        String inputs = StageInputs.sha256(stage, image, upstream, contracts);
        Optional<StageOutcome> reused = ctx.kept().reuse(stage, inputs, ctx.layout());
        if (reused.isPresent()) {
            return reused.get();
        }
        TaskSpec task = StageTasks.forRun(stage.task(), ctx.layout().stageUri(stage.name()), upstream, image);
        long start = System.nanoTime();
        java.time.Instant started = java.time.Instant.now();
        LaunchRequest req = new LaunchRequest(task, Optional.of(ctx.specPath()), Map.of(), ctx.secrets(),
                Optional.empty(), Optional.of(ctx.layout().runName(stage.name())), false, true);
        RunOutcome run = ctx.controllers().apply(task).launch(req, ctx.listeners().apply(stage.name()));
        double wall = (System.nanoTime() - start) / 1e9;
        List<AttemptRecord> attempts = ctx.state().runs().attempts(run.runId());
        Optional<StageRecord.Cost> cost = Optional.of(cost(run.runId()));
        if (run.status() != RunStatus.SUCCEEDED) {
            return failed(stage, image, contracts, cost, "run " + run.runId() + " " + run.status().name().toLowerCase(
                    java.util.Locale.ROOT) + ": " + run.reason());
        }
        try {
            Map<String, Double> metrics = metrics(stage);
            Optional<Producer> producer = ctx.placementOf().apply(task).map(Producer::of);
            List<ArtifactEntry> artifacts = new ArrayList<>();
            for (OutputSpec o : StageTasks.outputs(stage.task())) {
                artifacts.add(artifact(stage, o, producer, Math.max(1, attempts.size()), wall));
            }
            StageRecord record = new StageRecord(stage.name(), StageRecord.Status.SUCCEEDED, Optional.of(image), metrics,
                    contracts, Optional.empty(), Optional.of(new StageRecord.Span(started, java.time.Instant.now())), cost,
                    Optional.of(inputs), Optional.empty());
            return new StageOutcome(record, artifacts, stage.task().gates());
        } catch (StageFailedException e) {
            return failed(stage, image, contracts, cost, e.getMessage());
        }
    }

    /** What the stage's run cost, from its ledger (its nodes were removed as it ended). */
    private StageRecord.Cost cost(String runId) {
        RunCost c = RunCost.of(ctx.state(), runId, java.time.Instant.now());
        return new StageRecord.Cost(runId, c.totalUsd(), c.lostUsd(), c.attempts().size());
    }

    private StageOutcome failed(Stage stage, String image, Map<String, String> contracts, Optional<StageRecord.Cost> cost,
            String why) {
        return new StageOutcome(new StageRecord(stage.name(), StageRecord.Status.FAILED, Optional.of(image), Map.of(),
                contracts, Optional.of(why), Optional.empty(), cost), List.of(), stage.task().gates());
    }

    private Map<String, Double> metrics(Stage stage) throws IOException, StageFailedException {
        Optional<String> declared = stage.task().metrics();
        if (declared.isEmpty()) {
            return Map.of();
        }
        String root = StageTasks.outputsRoot(stage.task()).orElseThrow();
        String key = stage.name() + "/" + StageTasks.relative(root, declared.get());
        Path tmp = Files.createTempFile("skyrun-metrics", ".json");
        try (InputStream in = ctx.layout().store().open(key)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return MetricsFile.read(tmp, stage.name(), declared.get());
        } catch (NoSuchFileException e) {
            return MetricsFile.read(tmp.resolveSibling("absent-" + tmp.getFileName()), stage.name(), declared.get());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ArtifactEntry artifact(Stage stage, OutputSpec o, Optional<Producer> producer, int attempts, double wall)
            throws IOException, StageFailedException {
        String root = StageTasks.outputsRoot(stage.task()).orElseThrow();
        String key = stage.name() + "/" + StageTasks.relative(root, o.path());
        ObjectStore store = ctx.layout().store();
        ArtifactDigest.Kind kind = store.list(key + "/").isEmpty() ? ArtifactDigest.Kind.FILE : ArtifactDigest.Kind.TREE;
        ArtifactDigest digest;
        try {
            digest = StoredArtifacts.digest(store, key, kind);
        } catch (NoSuchFileException e) {
            throw new StageFailedException("stage " + stage.name() + " declared output '" + o.name() + "' at " + o.path()
                    + " but wrote nothing there");
        }
        return new ArtifactEntry(stage.name() + "/" + o.name(), stage.name(), o.role(), digest,
                ctx.layout().stageUri(stage.name()) + "/" + StageTasks.relative(root, o.path()), producer, attempts,
                Math.round(wall * 1000) / 1000.0, ArtifactEntry.cost(producer, wall));
    }

    private Map<String, String> contracts(TaskSpec task) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path base = ctx.specPath().toAbsolutePath().getParent();
        dev.skyrun.spec.SpecRepository repo = dev.skyrun.spec.SpecRepository.of(ctx.specPath());
        for (GateSpec g : task.gates()) {
            if (g.contract().isPresent() && repo.outside(g.contract().get()).isEmpty()) {
                Path file = base.resolve(g.contract().get());
                if (Files.isRegularFile(file)) {
                    out.put(g.contract().get(), Digests.sha256(file));
                }
            }
        }
        return out;
    }
}
