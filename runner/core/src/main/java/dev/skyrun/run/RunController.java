package dev.skyrun.run;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.plan.Placement;
import dev.skyrun.recovery.Decision;
import dev.skyrun.recovery.Ending;
import dev.skyrun.recovery.Recovery;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.NameLock;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The controller of a run: records it, holds its name, runs attempts at the planner's
 * placements and decides after each ending (through {@link Recovery}) whether to try again.
 * It never prints: it writes state and events and hands them to a {@link RunListener}.
 * {@link #resume} continues a run whose controller died, from what the state says.
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
        try (NameLock held = lock(name, runId)) {
            state.runs().insert(new RunRecord(runId, name, runId + "-task0", RunStatus.PENDING,
                    req.specPath().map(p -> p.toAbsolutePath().toString()), Json.of(LaunchRecord.of(req)), Instant.now(),
                    Instant.now(), Optional.empty(), Optional.empty(), false, ProcessHandle.current().pid()));
            RunContext ctx = context(runId, runId + "-task0", req, listener);
            ctx.events().emit(EventKind.RUN_CREATED, Optional.empty(), "run " + runId + " of task " + req.task().name()
                    + "; plan: " + plan.size() + " placement(s), first " + plan.get(0).infra());
            return new Loop(ctx, new PlacementCursor(plan)).run(1, Optional.empty());
        }
    }

    /**
     * Continues a run whose controller is gone (killed, or a detached launch): adopts its live
     * attempt without creating a second set of nodes, or starts the next one.
     *
     * @param secrets secret values, resolved as for launch (state never holds them)
     */
    public RunOutcome resume(String idOrName, Secrets secrets, RunListener listener)
            throws IOException, InterruptedException {
        RunRecord run = state.runs().find(idOrName).orElseThrow(() -> new IllegalArgumentException("no run '"
                + idOrName + "'; skyrun status lists runs"));
        if (run.status().terminal()) {
            return new RunOutcome(run.id(), run.status(), run.exitCode(), run.reason().orElse(""));
        }
        LaunchRequest req = Json.launch(run.jobJson()).request(secrets);
        try (NameLock held = lock(run.name(), run.id())) {
            state.runs().controller(run.id(), ProcessHandle.current().pid());
            RunContext ctx = context(run.id(), run.taskId(), req, listener);
            PlacementCursor cursor = new PlacementCursor(planner.plan(req.task(), req.cloud()));
            List<AttemptRecord> attempts = state.runs().attempts(run.id());
            ctx.events().emit(EventKind.RECOVERING, Optional.empty(), "resumed by pid " + ProcessHandle.current().pid()
                    + " after " + attempts.size() + " attempt(s)");
            Loop loop = new Loop(ctx, cursor);
            loop.replay(attempts);
            if (attempts.isEmpty()) {
                return loop.run(1, Optional.empty());
            }
            AttemptRecord last = attempts.get(attempts.size() - 1);
            loop.removeOlderThan(attempts, last.number());
            cursor.byInfra(last.placement()).ifPresent(cursor::resumeAt);
            if (!last.status().terminal()) {
                return loop.run(last.number(), Optional.of(last));
            }
            if (run.status() != RunStatus.RECOVERING && (last.status() == RunStatus.SUCCEEDED
                    || last.status() == RunStatus.CANCELLED || last.status() == RunStatus.INTERRUPTED)) {
                return loop.finish(last.number(), last.status(), last.reason().orElse(last.status().name()));
            }
            return loop.run(last.number() + 1, Optional.empty());
        }
    }

    /**
     * Continues a run as {@link #resume(String, Secrets, RunListener)} does, resolving the values
     * of the secrets its launch used as a launch does: {@code given} ({@code --secret}), else the
     * environment.
     */
    public RunOutcome resume(String idOrName, java.util.Map<String, String> given, java.util.Map<String, String> environment,
            RunListener listener) throws IOException, InterruptedException {
        RunRecord run = state.runs().find(idOrName).orElseThrow(() -> new IllegalArgumentException("no run '"
                + idOrName + "'; skyrun status lists runs"));
        Secrets secrets = run.status().terminal() ? Secrets.none()
                : SecretValues.resolve(Json.launch(run.jobJson()).task(), given, environment);
        return resume(run.id(), secrets, listener);
    }

    /** Asks a running launch (in this process) to stop what it started and end INTERRUPTED. */
    public void interrupt() {
        interrupted = true;
    }

    private NameLock lock(String name, String runId) throws IOException {
        return NameLock.tryAcquire(state.home(), name, runId)
                .orElseThrow(() -> new NameHeldException(name, holder(name)));
    }

    private String holder(String name) {
        try {
            return NameLock.holder(state.home(), name);
        } catch (IOException e) {
            return "another skyrun process";
        }
    }

    private RunContext context(String runId, String taskId, LaunchRequest req, RunListener listener) {
        Events events = new Events(state, runId, listener);
        Mounts mounts = new Mounts(state, runId, events, (scheme, uri) -> clouds.names().stream()
                .map(c -> clouds.provider(c).flatMap(p -> p.store(scheme, clouds.settings(c))))
                .flatMap(Optional::stream).findFirst());
        return new RunContext(runId, taskId, req, state, clouds, events, mounts, listener);
    }

    /** The attempt loop of one run. */
    private final class Loop {
        private final RunContext ctx;
        private final PlacementCursor cursor;
        private final AttemptRunner runner;
        private final JobRecovery policy;
        private int restarts;
        private int preemptions;
        private Optional<Integer> exitCode = Optional.empty();
        private String lastReason = "";

        Loop(RunContext ctx, PlacementCursor cursor) {
            this.ctx = ctx;
            this.cursor = cursor;
            this.runner = new AttemptRunner(ctx, () -> interrupted);
            this.policy = ctx.request().task().resources().jobRecovery().orElse(JobRecovery.DEFAULT);
        }

        /** Counts what earlier attempts used of the budget. */
        void replay(List<AttemptRecord> attempts) {
            for (AttemptRecord a : attempts) {
                if (a.status() == RunStatus.FAILED && a.number() < attempts.size()) {
                    restarts++;
                }
                preemptions += a.status() == RunStatus.PREEMPTED ? 1 : 0;
                exitCode = a.exitCode().or(() -> exitCode);
            }
        }

        /** Removes what attempts before {@code number} may have left (a crash between decide and terminate). */
        void removeOlderThan(List<AttemptRecord> attempts, int number) {
            for (AttemptRecord a : attempts) {
                if (a.number() < number && a.clusterJson().isPresent()) {
                    terminate(a.number(), Json.cluster(a.clusterJson().get()));
                }
            }
        }

        RunOutcome run(int first, Optional<AttemptRecord> adopt) throws IOException, InterruptedException {
            for (int number = first; ; number++) {
                Optional<Placement> next = cursor.next();
                if (next.isEmpty()) {
                    return finish(number - 1, RunStatus.INFRA_FAILED, "no placement left to try ("
                            + cursor.blockedList() + " blocked): " + lastReason);
                }
                Optional<Ending> early = adopt.isPresent() && adopt.get().number() == number
                        ? runner.adopt(adopt.get(), next.get()) : runner.start(number, next.get());
                if (early.isEmpty() && ctx.request().detach()) {
                    return new RunOutcome(ctx.runId(), RunStatus.RUNNING, Optional.empty(), "detached; follow it with "
                            + "skyrun logs " + ctx.runId() + " --follow");
                }
                Ending ending = early.isPresent() ? early.get() : runner.watch(number);
                Optional<RunOutcome> done = decide(number, ending);
                if (done.isPresent()) {
                    return done.get();
                }
            }
        }

        private Optional<RunOutcome> decide(int number, Ending ending) throws IOException, InterruptedException {
            ctx.mounts().upload(number, false);
            exitCode = ending instanceof Ending.AppFailure f ? Optional.of(f.exitCode())
                    : ending instanceof Ending.Succeeded ? Optional.of(0) : exitCode;
            preemptions += ending instanceof Ending.Preempted ? 1 : 0;
            Decision d = Recovery.decide(ending, new Recovery.History(restarts, preemptions), policy, RANDOM);
            Endings.record(ctx, number, ending, exitCode);
            lastReason = ending.reason();
            if (d instanceof Decision.Finish f) {
                Optional<Cluster> c = runner.cluster();
                if (c.isPresent() && (ctx.request().down() || f.status() == RunStatus.CANCELLED
                        || f.status() == RunStatus.INTERRUPTED)) {
                    terminate(number, c.get());
                }
                return Optional.of(finish(number, f.status(), f.reason()));
            }
            Decision.Retry r = (Decision.Retry) d;
            restarts += r.countsAgainstBudget() ? 1 : 0;
            r.block().ifPresent(cursor::block);
            ctx.state().runs().status(ctx.runId(), RunStatus.RECOVERING, Optional.empty(), Optional.of(r.reason()));
            runner.cluster().ifPresent(c -> terminate(number, c));
            ctx.events().emit(EventKind.RECOVERING, number, r.reason() + "; next attempt"
                    + (r.backoff().isZero() ? " now" : " in " + r.backoff().toMillis() + " ms"));
            CrashPoints.hit(CrashPoints.RECOVERING);
            Optional<RunStatus> stopped = backoff(r.backoff().toMillis());
            if (stopped.isPresent()) {
                return Optional.of(finish(number, stopped.get(), stopped.get() == RunStatus.CANCELLED
                        ? "cancelled by skyrun cancel while recovering" : "interrupted while recovering"));
            }
            return Optional.empty();
        }

        /** Waits out a backoff, watching for cancel and interrupt; returns how the run stopped, if it did. */
        private Optional<RunStatus> backoff(long millis) throws InterruptedException {
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

        private void terminate(int number, Cluster c) {
            try {
                ctx.clouds().open(c.cloud()).terminate(c);
                ctx.events().emit(EventKind.TERMINATED, number, "removed cluster " + c.name());
            } catch (CloudException e) {
                ctx.events().emit(EventKind.TERMINATED, number, "could not remove cluster " + c.name() + ": "
                        + e.getMessage() + "; skyrun down " + ctx.runId() + " retries");
            }
        }

        private RunOutcome finish(int attempts, RunStatus status, String reason) {
            ctx.state().runs().status(ctx.runId(), status, exitCode, Optional.of(reason));
            ctx.events().emit(EventKind.RUN_ENDED, Optional.empty(), "run " + status.name().toLowerCase() + " after "
                    + attempts + " attempt(s): " + reason);
            return new RunOutcome(ctx.runId(), status, exitCode, reason);
        }
    }
}
