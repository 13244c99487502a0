package dev.skyrun.pipeline;

import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StageRecord.Status;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs a pipeline's stages in {@code needs} order: a stage starts as soon as every stage it needs
 * has succeeded, so independent stages run at the same time; a stage whose need failed (or was
 * skipped) is SKIPPED, and every stage that does not depend on the failure still runs to its end.
 */
public final class PipelineScheduler {

    private final StageExecutor executor;
    private final Consumer<PipelineEvent> events;

    /**
     * @param executor runs one stage
     * @param events receives stage events, from the stages' threads
     */
    public PipelineScheduler(StageExecutor executor, Consumer<PipelineEvent> events) {
        this.executor = executor;
        this.events = events;
    }

    /** Runs every stage; returns their outcomes in the pipeline's declaration order. */
    public List<StageOutcome> run(PipelineSpec pipeline) throws InterruptedException {
        List<Stage> order = StageOrder.topological(pipeline.stages());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, order.size())), r -> {
            Thread t = new Thread(r, "skyrun-stage");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, CompletableFuture<StageOutcome>> futures = new HashMap<>();
            for (Stage s : order) {
                List<CompletableFuture<StageOutcome>> needs = s.needs().stream().map(futures::get).toList();
                futures.put(s.name(), CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ignored -> runOne(s, needs), pool));
            }
            List<StageOutcome> outcomes = new ArrayList<>();
            for (Stage s : pipeline.stages()) {
                outcomes.add(join(futures.get(s.name())));
            }
            return List.copyOf(outcomes);
        } finally {
            pool.shutdownNow();
        }
    }

    private StageOutcome runOne(Stage stage, List<CompletableFuture<StageOutcome>> needs) {
        Map<String, StageOutcome> upstream = new LinkedHashMap<>();
        for (CompletableFuture<StageOutcome> f : needs) {
            StageOutcome o = f.join();
            upstream.put(o.stage().name(), o);
        }
        Optional<String> blocked = upstream.values().stream().filter(o -> o.stage().status() != Status.SUCCEEDED)
                .map(o -> o.stage().name()).findFirst();
        if (blocked.isPresent()) {
            String why = "needs " + blocked.get() + ", which did not succeed";
            emit(stage, PipelineEvent.Kind.SKIPPED, why);
            return ended(stage, Status.SKIPPED, why);
        }
        emit(stage, PipelineEvent.Kind.STARTED, "started");
        StageOutcome outcome;
        try {
            outcome = executor.execute(stage, upstream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (Exception e) {
            outcome = ended(stage, Status.FAILED, String.valueOf(e.getMessage()));
        }
        Status status = outcome.stage().status();
        emit(stage, status == Status.SUCCEEDED ? PipelineEvent.Kind.SUCCEEDED : PipelineEvent.Kind.FAILED,
                outcome.stage().error().orElse(status.name().toLowerCase(java.util.Locale.ROOT)));
        return outcome;
    }

    private static StageOutcome ended(Stage stage, Status status, String why) {
        return new StageOutcome(new StageRecord(stage.name(), status, Optional.empty(), Map.of(), Map.of(),
                Optional.of(why)), List.of(), stage.task().gates());
    }

    private void emit(Stage stage, PipelineEvent.Kind kind, String message) {
        events.accept(new PipelineEvent(Instant.now(), stage.name(), kind, message));
    }

    private static StageOutcome join(CompletableFuture<StageOutcome> f) throws InterruptedException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw e;
        }
    }
}
