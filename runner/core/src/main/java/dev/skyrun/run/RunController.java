package dev.skyrun.run;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.plan.Placement;
import dev.skyrun.recovery.Decision;
import dev.skyrun.recovery.Ending;
import dev.skyrun.recovery.Recovery;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.state.NameLock;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The controller of a run: records it, holds its name, runs attempts at the planner's
 * placements and decides after each ending (through {@link Recovery}) whether to try again.
 * It never prints: it writes state and events and hands them to a {@link RunListener}.
 *
 * <pre>{@code
 * try (StateStore state = StateStore.open(home); CloudRegistry clouds = CloudRegistry.load(env)) {
 *     RunOutcome out = new RunController(state, clouds, Planner.localOnly()).launch(request, listener);
 * }
 * }</pre>
 */
public final class RunController {

    private static final RandomGenerator RANDOM = new java.util.SplittableRandom();

    private final StateStore state;
    private final CloudRegistry clouds;
    private final Planner planner;
    private volatile boolean interrupted;

    public RunController(StateStore state, CloudRegistry clouds, Planner planner) {
        this.state = state;
        this.clouds = clouds;
        this.planner = planner;
    }

    /**
     * Launches a run and, unless detached, drives it to its end.
     *
     * @throws NameHeldException when another launch holds the run's name
     * @throws IllegalArgumentException when the request cannot run (no image, unknown cloud...)
     */
    public RunOutcome launch(LaunchRequest req, RunListener listener) throws IOException, InterruptedException {
        String name = req.runName();
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 40) {
            throw new IllegalArgumentException("run name '" + name + "' must be lower-case letters, digits and '-',"
                    + " at most 40 characters; pass --name");
        }
        List<Placement> plan = planner.plan(req.task(), req.cloud());
        String runId = name + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt()).substring(2);
        Optional<NameLock> lock = NameLock.tryAcquire(state.home(), name, runId);
        if (lock.isEmpty()) {
            throw new NameHeldException(name, NameLock.holder(state.home(), name));
        }
        try (NameLock held = lock.get()) {
            String taskId = runId + "-task0";
            state.runs().insert(new RunRecord(runId, name, taskId, RunStatus.PENDING,
                    req.specPath().map(p -> p.toAbsolutePath().toString()), Json.of(req.task().name()), Instant.now(),
                    Instant.now(), Optional.empty(), Optional.empty(), false, ProcessHandle.current().pid()));
            Events events = new Events(state, runId, listener);
            events.emit(EventKind.RUN_CREATED, Optional.empty(), "run " + runId + " of task " + req.task().name()
                    + "; plan: " + plan.size() + " placement(s), first " + plan.get(0).infra());
            Mounts mounts = new Mounts(state, runId, events, (scheme, uri) -> clouds.names().stream()
                    .map(c -> clouds.provider(c).flatMap(p -> p.store(scheme, clouds.settings(c))))
                    .flatMap(Optional::stream).findFirst());
            RunContext ctx = new RunContext(runId, taskId, req, state, clouds, events, mounts, listener);
            return drive(ctx, plan);
        }
    }

    /** Asks a running launch (in this process) to stop what it started and end INTERRUPTED. */
    public void interrupt() {
        interrupted = true;
    }

    private RunOutcome drive(RunContext ctx, List<Placement> plan) throws IOException, InterruptedException {
        JobRecovery policy = ctx.request().task().resources().jobRecovery().orElse(JobRecovery.DEFAULT);
        Set<String> blocked = new LinkedHashSet<>();
        AttemptRunner runner = new AttemptRunner(ctx, () -> interrupted);
        int restarts = 0;
        int preemptions = 0;
        Optional<Integer> exitCode = Optional.empty();
        Placement last = null;
        String lastReason = "";
        for (int number = 1; ; number++) {
            Optional<Placement> next = next(plan, blocked, last);
            if (next.isEmpty()) {
                return finish(ctx, number - 1, RunStatus.INFRA_FAILED, exitCode, "no placement left to try ("
                        + String.join(", ", blocked) + " blocked): " + lastReason);
            }
            last = next.get();
            Optional<Ending> early = runner.start(number, last);
            if (early.isEmpty() && ctx.request().detach()) {
                return new RunOutcome(ctx.runId(), RunStatus.RUNNING, Optional.empty(), "detached; follow it with "
                        + "skyrun logs " + ctx.runId() + " --follow");
            }
            Ending ending = early.isPresent() ? early.get() : runner.watch(number);
            ctx.mounts().upload(number, false);
            exitCode = ending instanceof Ending.AppFailure f ? Optional.of(f.exitCode())
                    : ending instanceof Ending.Succeeded ? Optional.of(0) : exitCode;
            preemptions += ending instanceof Ending.Preempted ? 1 : 0;
            Decision d = Recovery.decide(ending, new Recovery.History(restarts, preemptions), policy, RANDOM);
            recordEnding(ctx, number, ending, exitCode, d);
            lastReason = ending.reason();
            if (d instanceof Decision.Finish f) {
                Optional<Cluster> c = runner.cluster();
                if (c.isPresent() && (ctx.request().down() || f.status() == RunStatus.CANCELLED
                        || f.status() == RunStatus.INTERRUPTED)) {
                    terminate(ctx, number, c.get());
                }
                return finish(ctx, number, f.status(), exitCode, f.reason());
            }
            Decision.Retry r = (Decision.Retry) d;
            restarts += r.countsAgainstBudget() ? 1 : 0;
            Placement tried = last;
            r.block().ifPresent(scope -> blocked.add(blockKey(scope, tried)));
            runner.cluster().ifPresent(c -> terminate(ctx, -1, c));
            ctx.state().runs().status(ctx.runId(), RunStatus.RECOVERING, Optional.empty(), Optional.of(r.reason()));
            ctx.events().emit(EventKind.RECOVERING, number, r.reason() + "; next attempt"
                    + (r.backoff().isZero() ? " now" : " in " + r.backoff().toMillis() + " ms"));
            Optional<RunStatus> stopped = backoff(ctx, r.backoff().toMillis());
            if (stopped.isPresent()) {
                return finish(ctx, number, stopped.get(), exitCode, stopped.get() == RunStatus.CANCELLED
                        ? "cancelled by skyrun cancel while recovering" : "interrupted while recovering");
            }
        }
    }

    /** Waits out a backoff, watching for cancel and interrupt; returns how the run stopped, if it did. */
    private Optional<RunStatus> backoff(RunContext ctx, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            if (interrupted) {
                return Optional.of(RunStatus.INTERRUPTED);
            }
            if (ctx.state().runs().find(ctx.runId()).map(RunRecord::cancelRequested).orElse(true)) {
                return Optional.of(RunStatus.CANCELLED);
            }
            Thread.sleep(Math.max(0, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static Optional<Placement> next(List<Placement> plan, Set<String> blocked, Placement last) {
        if (last != null && !isBlocked(blocked, last)) {
            return Optional.of(last);
        }
        return plan.stream().filter(p -> !isBlocked(blocked, p)).findFirst();
    }

    private static boolean isBlocked(Set<String> blocked, Placement p) {
        return blocked.contains(p.cloud()) || blocked.contains(p.cloud() + "/" + p.region())
                || blocked.contains(p.infra() + "#" + p.instanceType());
    }

    private static String blockKey(CapacityException.Scope scope, Placement p) {
        return switch (scope) {
            case CLOUD -> p.cloud();
            case REGION -> p.cloud() + "/" + p.region();
            case ZONE -> p.infra() + "#" + p.instanceType();
        };
    }

    private void recordEnding(RunContext ctx, int number, Ending ending, Optional<Integer> exitCode, Decision d) {
        RunStatus status = switch (ending) {
            case Ending.Succeeded s -> RunStatus.SUCCEEDED;
            case Ending.AppFailure f -> RunStatus.FAILED;
            case Ending.Preempted p -> RunStatus.PREEMPTED;
            case Ending.NoCapacity c -> RunStatus.INFRA_FAILED;
            case Ending.Cancelled c -> RunStatus.CANCELLED;
            case Ending.Interrupted i -> RunStatus.INTERRUPTED;
        };
        Optional<Integer> code = ending instanceof Ending.AppFailure || ending instanceof Ending.Succeeded
                ? exitCode : Optional.empty();
        ctx.state().runs().attemptStatus(ctx.runId(), number, status, code, Optional.of(ending.reason()));
        ctx.events().emit(EventKind.ATTEMPT_ENDED, number, "attempt " + number + " " + status.name().toLowerCase()
                + ": " + ending.reason());
        if (ending instanceof Ending.NoCapacity) {
            ctx.events().emit(EventKind.BLOCKED, number, "placement blocked: " + ending.reason());
        }
    }

    private void terminate(RunContext ctx, int number, Cluster c) {
        try {
            ctx.clouds().open(c.cloud()).terminate(c);
            ctx.events().emit(EventKind.TERMINATED, number < 0 ? Optional.empty() : Optional.of(number),
                    "removed cluster " + c.name());
        } catch (CloudException e) {
            ctx.events().emit(EventKind.TERMINATED, Optional.empty(), "could not remove cluster " + c.name() + ": "
                    + e.getMessage() + "; skyrun down " + ctx.runId() + " retries");
        }
    }

    private RunOutcome finish(RunContext ctx, int attempts, RunStatus status, Optional<Integer> exitCode, String reason) {
        ctx.state().runs().status(ctx.runId(), status, exitCode, Optional.of(reason));
        ctx.events().emit(EventKind.RUN_ENDED, Optional.empty(), "run " + status.name().toLowerCase() + " after "
                + attempts + " attempt(s): " + reason);
        return new RunOutcome(ctx.runId(), status, exitCode, reason);
    }
}
