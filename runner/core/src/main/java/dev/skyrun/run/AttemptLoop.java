package dev.skyrun.run;

import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.recovery.Decision;
import dev.skyrun.recovery.Ending;
import dev.skyrun.recovery.Recovery;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The attempt loop of one run: starts an attempt at the cursor's placement, watches it, asks
 * {@link Recovery} what follows its ending and does that (block, wait, relaunch, finish).
 *
 * <p>A preempted attempt's cluster is removed only after the next attempt's job started: the
 * provider already took its nodes, and relaunching first keeps preemption-to-running short. A
 * crash in between leaves it named by its attempt row; {@code resume} removes it.
 */
final class AttemptLoop {

    private final RunContext ctx;
    private final PlacementCursor cursor;
    private final Planner planner;
    private final AttemptRunner runner;
    private final BooleanSupplier interrupted;
    private final RandomGenerator random;
    private final JobRecovery policy;
    private int restarts;
    private int preemptions;
    private int exitCodeRecoveries;
    private int waits;
    private Optional<Integer> exitCode = Optional.empty();
    private String lastReason = "";
    private Optional<Cluster> retired = Optional.empty();
    private int retiredAttempt;
    private TeardownReport left = TeardownReport.empty();
    private final BudgetGuard budget;
    private boolean overBudget;

    AttemptLoop(RunContext ctx, PlacementCursor cursor, Planner planner, BooleanSupplier interrupted,
            RandomGenerator random) {
        this.ctx = ctx;
        this.cursor = cursor;
        this.planner = planner;
        this.budget = new BudgetGuard(ctx, ctx.state().runs().find(ctx.runId()).map(RunRecord::createdAt)
                .orElseGet(java.time.Instant::now), planner::quote);
        this.runner = new AttemptRunner(ctx, interrupted, planner::quote, budget);
        this.interrupted = interrupted;
        this.random = random;
        this.policy = ctx.request().task().resources().jobRecovery().orElse(JobRecovery.DEFAULT);
    }

    /** Counts what earlier attempts used of the budget. */
    void replay(List<AttemptRecord> attempts) {
        for (AttemptRecord a : attempts) {
            if (a.status() == RunStatus.FAILED && a.number() < attempts.size()) {
                boolean listed = a.exitCode().map(policy.recoverOnExitCodes()::contains).orElse(false);
                if (listed && exitCodeRecoveries < Recovery.EXIT_CODE_RECOVERIES) {
                    exitCodeRecoveries++;
                } else {
                    restarts++;
                }
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

    /** Runs attempts from {@code first} (adopting {@code adopt}'s cluster and job, if given) to the run's end. */
    RunOutcome run(int first, Optional<AttemptRecord> adopt) throws IOException, InterruptedException {
        for (int number = first; ; number++) {
            boolean adopting = adopt.isPresent() && adopt.get().number() == number;
            Step step = adopting ? next(number) : nextWithinBudget(number);
            if (step instanceof Step.Done d) {
                return d.outcome();
            }
            Placement placement = ((Step.Go) step).placement();
            Optional<Ending> early = adopting ? runner.adopt(adopt.get(), placement)
                    : runner.start(number, placement, cursor.avoidZones(placement));
            removeRetired();
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

    /** What comes next: attempt {@link Go} at a placement, or the run is {@link Done}. */
    private sealed interface Step {
        record Go(Placement placement) implements Step {}

        record Done(RunOutcome outcome) implements Step {}
    }

    /** The placement of attempt {@code number}; when none is left, the run's end (or a wait for capacity). */
    private Step next(int number) throws IOException, InterruptedException {
        Optional<Placement> next = cursor.next();
        while (next.isEmpty()) {
            Optional<RunOutcome> done = exhausted(number - 1);
            if (done.isPresent()) {
                return new Step.Done(done.get());
            }
            next = cursor.next();
        }
        return new Step.Go(next.get());
    }

    /**
     * As {@link #next}, skipping (and blocking, with an event that says why) each placement whose
     * projected cost would pass {@code max_total_cost}; the run ends BUDGET_EXCEEDED once a cap is reached.
     */
    private Step nextWithinBudget(int number) throws IOException, InterruptedException {
        while (true) {
            Optional<String> reached = budget.exceeded(java.time.Instant.now(), 0);
            if (reached.isPresent()) {
                return new Step.Done(finish(number - 1, RunStatus.BUDGET_EXCEEDED, reached.get()));
            }
            Step step = next(number);
            if (step instanceof Step.Done) {
                return step;
            }
            Placement p = ((Step.Go) step).placement();
            Optional<String> over = budget.refuses(p, java.time.Instant.now());
            if (over.isEmpty()) {
                return step;
            }
            overBudget = true;
            lastReason = over.get();
            ctx.events().emit(EventKind.BLOCKED, number > 1 ? Optional.of(number - 1) : Optional.empty(),
                    cursor.skip(p) + " blocked: " + over.get());
        }
    }

    /** No placement left: fail, or (retry-until-up) wait and plan again. */
    private Optional<RunOutcome> exhausted(int attempts) throws IOException, InterruptedException {
        if (overBudget) {
            return Optional.of(finish(attempts, RunStatus.BUDGET_EXCEEDED, "no placement left within the budget ("
                    + cursor.blockedList() + "): " + lastReason));
        }
        Decision d = Recovery.exhausted(waits++, ctx.request().retryUntilUp(), "(" + cursor.blockedList() + "): "
                + lastReason, random);
        if (d instanceof Decision.Finish f) {
            return Optional.of(finish(attempts, f.status(), f.reason()));
        }
        Optional<RunOutcome> stopped = recover(attempts, (Decision.Retry) d);
        if (stopped.isEmpty()) {
            cursor.replan(planner.plan(ctx.request().task(), ctx.request().cloud()));
        }
        return stopped;
    }

    private Optional<RunOutcome> decide(int number, Ending reported) throws IOException, InterruptedException {
        Ending ending = refusedOutputs(reported, ctx.mounts().upload(number, false));
        exitCode = ending instanceof Ending.AppFailure f ? Optional.of(f.exitCode())
                : ending instanceof Ending.Succeeded ? Optional.of(0) : exitCode;
        preemptions += ending instanceof Ending.Preempted ? 1 : 0;
        Decision d = Recovery.decide(ending, new Recovery.History(restarts, preemptions, exitCodeRecoveries), policy, random);
        Endings.record(ctx, number, ending, exitCode);
        lastReason = ending.reason();
        if (d instanceof Decision.Finish f) {
            Optional<Cluster> c = runner.cluster();
            if (c.isPresent() && (ctx.request().down() || f.status() == RunStatus.CANCELLED
                    || f.status() == RunStatus.INTERRUPTED || f.status() == RunStatus.BUDGET_EXCEEDED)) {
                archiveLogs(number, c.get());
                terminate(number, c.get());
            }
            return Optional.of(finish(number, f.status(), f.reason()));
        }
        Decision.Retry r = (Decision.Retry) d;
        restarts += r.countsAgainstBudget() ? 1 : 0;
        exitCodeRecoveries += !r.countsAgainstBudget() && ending instanceof Ending.AppFailure ? 1 : 0;
        cursor.apply(r.next(), ending instanceof Ending.NoCapacity c ? c.zone() : Optional.empty()).ifPresent(what -> ctx.events().emit(EventKind.BLOCKED, number, what + " blocked: "
                + ending.reason()));
        if (ending instanceof Ending.Preempted) {
            retired = runner.cluster();
            retiredAttempt = number;
        } else {
            runner.cluster().ifPresent(c -> terminate(number, c));
        }
        return recover(number, r);
    }

    /** A job that ended on its own but left links in a COPY mount (its outputs) failed: it did not deliver them. */
    private static Ending refusedOutputs(Ending ending, Optional<String> refused) {
        if (refused.isEmpty()) {
            return ending;
        }
        return switch (ending) {
            case Ending.Succeeded s -> new Ending.AppFailure(0, "outputs refused: " + refused.get());
            case Ending.AppFailure f -> new Ending.AppFailure(f.exitCode(), f.reason() + "; outputs refused: " + refused.get());
            default -> ending;
        };
    }

    /** Records RECOVERING and waits out the retry's backoff; returns the run's end if it stopped meanwhile. */
    private Optional<RunOutcome> recover(int number, Decision.Retry r) throws InterruptedException {
        ctx.state().runs().status(ctx.runId(), RunStatus.RECOVERING, Optional.empty(), Optional.of(r.reason()));
        ctx.events().emit(EventKind.RECOVERING, number == 0 ? Optional.empty() : Optional.of(number),
                r.next().describe() + (r.backoff().isZero() ? ", now" : ", in " + r.backoff().toMillis() + " ms")
                + ": " + r.reason());
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
            if (interrupted.getAsBoolean()) {
                return Optional.of(RunStatus.INTERRUPTED);
            }
            if (ctx.state().runs().find(ctx.runId()).map(RunRecord::cancelRequested).orElse(true)) {
                return Optional.of(RunStatus.CANCELLED);
            }
            Thread.sleep(Math.max(0, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Removes the preempted attempt's cluster, once its successor started (or the run ends). */
    private void removeRetired() {
        retired.ifPresent(c -> terminate(retiredAttempt, c));
        retired = Optional.empty();
    }

    /** Keeps the attempt's job output in the run's directory, for {@code skyrun logs} once its nodes are gone. */
    private void archiveLogs(int number, Cluster c) {
        try {
            LogArchive.save(ctx.state().home(), ctx.runId(), number, ctx.clouds().open(c.cloud()), c, ctx.mask());
        } catch (IOException | RuntimeException e) {
            ctx.events().emit(EventKind.TERMINATED, number, "could not keep the job's output of cluster " + c.name()
                    + " before removing it: " + e.getMessage());
        }
    }

    /** Takes an attempt's cluster down (compute first, verified); what it leaves is recorded when the run ends. */
    private void terminate(int number, Cluster c) {
        TeardownReport report = new RunTeardown(ctx.state(), ctx.clouds()).cluster(c);
        left = left.plus(report);
        if (report.computeGone()) {
            ctx.state().ledger().close(ctx.runId(), number, java.time.Instant.now());
        }
        ctx.events().emit(EventKind.TERMINATED, number, report.complete() ? "removed cluster " + c.name()
                : "could not remove all of cluster " + c.name() + "; left: " + report.describeLeft() + "; skyrun down "
                + ctx.runId() + " retries");
    }

    /**
     * Ends the run: records its status and reason, and what its teardowns left; a run whose
     * compute is not verified terminated stays TERMINATING until {@code skyrun down} finishes it.
     */
    RunOutcome finish(int attempts, RunStatus status, String why) {
        removeRetired();
        ctx.mounts().release();
        if (status.terminal() && ctx.request().down() && left.computeGone()) {
            TeardownReport buckets = NamedStores.release(ctx.runId(), ctx.state(), ctx.clouds());
            buckets.removed().forEach(b -> ctx.events().emit(EventKind.TERMINATED, Optional.empty(), "deleted bucket "
                    + b.cloud() + "://" + b.id() + ", created for this run and not persistent"));
            left = left.plus(buckets);
        }
        String reason = ctx.mask().mask(why);
        ctx.state().runs().status(ctx.runId(), status, exitCode, Optional.of(reason));
        if (!left.complete()) {
            if (!left.computeGone()) {
                ctx.state().runs().teardownStarted(ctx.runId(), status);
            }
            ctx.state().runs().teardownDone(ctx.runId(), RunTeardown.leftBehind(left).map(ctx.mask()::mask), left.computeGone());
        }
        ctx.events().emit(EventKind.RUN_ENDED, Optional.empty(),
                Endings.withReason("run " + status.name().toLowerCase() + " after " + attempts + " attempt(s)", status, reason));
        return new RunOutcome(ctx.runId(), status, exitCode, reason);
    }
}
