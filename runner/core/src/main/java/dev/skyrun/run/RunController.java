package dev.skyrun.run;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.recovery.Recovery;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.HeldName;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.time.Instant;
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
    /** The least a resume waits for a launch it takes over to let go of the run's name. */
    static final java.time.Duration TAKEOVER = java.time.Duration.ofSeconds(10);

    private final java.time.Duration lockWait;
    private final LeaseKeeper.LeaseTerms lease;
    private volatile boolean interrupted;
    private volatile boolean abandoned;

    public RunController(StateStore state, CloudRegistry clouds, Planner planner) {
        this(state, clouds, planner, java.time.Duration.ZERO);
    }

    /**
     * A controller that waits up to {@code lockWait} ({@code --lock-timeout}) for another launch of
     * the same name to let go of it, instead of refusing at once.
     */
    public RunController(StateStore state, CloudRegistry clouds, Planner planner, java.time.Duration lockWait) {
        this(state, clouds, planner, lockWait, LeaseKeeper.LeaseTerms.of("launch", LeaseKeeper.LeaseTerms.DEFAULT_TERM));
    }

    /** A controller that holds the runs it follows on a shared state under {@code lease}. */
    RunController(StateStore state, CloudRegistry clouds, Planner planner, java.time.Duration lockWait,
            LeaseKeeper.LeaseTerms lease) {
        this.state = state;
        this.clouds = clouds;
        this.planner = planner;
        this.lockWait = lockWait;
        this.lease = lease;
    }

    /**
     * Launches a run and, unless detached, drives it to its end.
     *
     * @throws NameHeldException when another launch holds the run's name
     * @throws InvalidInputException when the request cannot run (no image, unknown cloud...)
     */
    public RunOutcome launch(LaunchRequest req, RunListener listener) throws IOException, InterruptedException {
        String name = req.runName();
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > TaskSpec.MAX_RUN_NAME) {
            throw new InvalidInputException("run name '" + name + "' must be lower-case letters, digits and '-',"
                    + " at most " + TaskSpec.MAX_RUN_NAME + " characters; pass --name");
        }
        HostPaths hostPaths = HostPaths.check(req, state.home());
        StorePlugins.require(req.task());
        List<NamedStores.Named> named = NamedStores.of(req.task());
        LaunchRequest bound = NamedStores.bound(req);
        List<Placement> plan = planner.plan(bound.task(), bound.cloud());
        MountPreflight.check(bound, plan, clouds, System.getenv());
        String runId = RunIds.next(name);
        RunOutcome o;
        try (HeldName held = lock(name, runId, lockWait)) {
            refuseBesideUnfollowed(name);
            state.runs().insert(new RunRecord(runId, name, runId + "-task0", RunStatus.PENDING,
                    req.specPath().map(p -> p.toAbsolutePath().toString()), Json.of(LaunchRecord.of(req)), Instant.now(),
                    Instant.now(), Optional.empty(), Optional.empty(), false, ProcessHandle.current().pid(), Optional.empty()));
            state.ledger().estimate(runId, plan.get(0).infra(), planner.quote(plan.get(0)).pricePerNode()
                    * plan.get(0).nodes(), Instant.now());
            RunContext ctx = context(runId, runId + "-task0", bound, listener);
            ctx.events().emit(EventKind.RUN_CREATED, Optional.empty(), "run " + runId + " of task " + req.task().name()
                    + "; plan: " + plan.size() + " placement(s), first " + plan.get(0).infra()
                    + skipped(planner.cheaperNotEnabled(req.task(), req.cloud(), plan.get(0)), plan.get(0)));
            prepareNamedStores(ctx, named, hostPaths);
            if (state.shared()) {
                state.leases().take(runId, lease.owner(), lease.term());
            }
            o = follow(ctx, () -> loop(ctx, new PlacementCursor(plan)).run(1, Optional.empty()));
        }
        return handOverUnfinished(o);
    }

    /**
     * Creates and fills the run's named stores before any node; when that fails the run ends FAILED (the
     * buckets it created deleted unless persistent, as at any ending) and the failure is thrown.
     */
    private void prepareNamedStores(RunContext ctx, List<NamedStores.Named> named, HostPaths hostPaths) {
        try {
            NamedStores.prepare(ctx.runId(), named, hostPaths, state, clouds, ctx.events());
        } catch (RuntimeException e) {
            state.runs().status(ctx.runId(), RunStatus.FAILED, Optional.empty(), Optional.of(ctx.mask().mask(
                    String.valueOf(e.getMessage()))));
            if (ctx.request().down()) {
                NamedStores.release(ctx.runId(), state, clouds);
            }
            throw e;
        }
    }

    /**
     * {@code ; chose aws (enabled here); skipped cheaper lambda/us-east-1 at $1.29/h (lambda not enabled
     * here: no credentials configured; skyrun check lambda)}, or nothing when no cheaper cloud was passed over.
     */
    private static String skipped(List<Placement> cheaper, Placement chosen) {
        if (cheaper.isEmpty()) {
            return "";
        }
        List<String> each = cheaper.stream().map(p -> p.infra() + " at $" + String.format(java.util.Locale.ROOT, "%.2f",
                p.pricePerHour()) + "/h (" + p.cloud() + " not enabled here: no credentials configured; skyrun check "
                + p.cloud() + ")").toList();
        return "; chose " + chosen.cloud() + " at $" + String.format(java.util.Locale.ROOT, "%.2f", chosen.pricePerHour())
                + "/h (enabled here); skipped cheaper " + String.join(", ", each);
    }

    /**
     * Continues a run whose controller is gone (killed, or a detached launch): adopts its live
     * attempt without creating a second set of nodes, or starts the next one.
     *
     * @param secrets secret values, resolved as for launch (state never holds them)
     */
    public RunOutcome resume(String idOrName, Secrets secrets, RunListener listener)
            throws IOException, InterruptedException {
        RunRecord run = state.runs().find(idOrName).orElseThrow(() -> new InvalidInputException("no run '"
                + idOrName + "'; skyrun status lists runs"));
        if (run.status().terminal()) {
            return new RunOutcome(run.id(), run.status(), run.exitCode(), run.reason().orElse(""));
        }
        LaunchRequest recorded = Json.launch(run.jobJson()).request(secrets);
        LaunchRequest req = NamedStores.bound(recorded);
        if (state.shared() && !state.leases().takeIfFree(run.id(), lease.owner(), lease.term())
                && !takeFromTheDead(run.id())) {
            throw new NameHeldException(run.name(), state.leases().of(run.id()).map(l -> "run " + run.id() + ", owned by "
                    + l.owner() + " (lease until " + l.until() + ")").orElse("run " + run.id() + "'s controller"));
        }
        RunOutcome o;
        try (HeldName held = lock(run.name(), run.id(), takeoverWait())) {
            state.runs().controller(run.id(), ProcessHandle.current().pid());
            RunContext ctx = context(run.id(), run.taskId(), req, listener);
            PlacementCursor cursor = new PlacementCursor(planner.plan(req.task(), req.cloud()));
            List<AttemptRecord> attempts = state.runs().attempts(run.id());
            ctx.events().emit(EventKind.RECOVERING, Optional.empty(), "resumed by pid " + ProcessHandle.current().pid()
                    + " after " + attempts.size() + " attempt(s)");
            List<NamedStores.Named> named = NamedStores.of(recorded.task());
            if (attempts.isEmpty() && !named.isEmpty()) { // the launch died before attempt 1: a fill may be cut short
                prepareNamedStores(ctx, named, HostPaths.check(recorded, state.home()));
            }
            o = follow(ctx, () -> continueRun(run, loop(ctx, cursor), cursor, attempts));
        }
        return handOverUnfinished(o);
    }

    /** Adopts the run's live attempt or starts the next one, as the recorded attempts say. */
    private RunOutcome continueRun(RunRecord run, AttemptLoop loop, PlacementCursor cursor, List<AttemptRecord> attempts)
            throws IOException, InterruptedException {
        loop.replay(attempts);
        if (attempts.isEmpty()) {
            return loop.run(1, Optional.empty());
        }
        AttemptRecord last = attempts.get(attempts.size() - 1);
        cursor.byInfra(last.placement()).ifPresent(cursor::resumeAt);
        if (!last.status().terminal()) {
            loop.removeOlderThan(attempts, last.number());
            return loop.run(last.number(), Optional.of(last));
        }
        if (run.status() != RunStatus.RECOVERING && (last.status() == RunStatus.SUCCEEDED
                || last.status() == RunStatus.CANCELLED || last.status() == RunStatus.INTERRUPTED)) {
            loop.removeOlderThan(attempts, last.number());
            return loop.finish(last.number(), last.status(), last.reason().orElse(last.status().name()));
        }
        loop.removeOlderThan(attempts, last.number() + 1);
        return loop.run(last.number() + 1, Optional.empty());
    }

    /**
     * Continues a run as {@link #resume(String, Secrets, RunListener)} does, resolving the values
     * of the secrets its launch used as a launch does: {@code given} ({@code --secret}), else the
     * environment.
     */
    public RunOutcome resume(String idOrName, java.util.Map<String, String> given, java.util.Map<String, String> environment,
            RunListener listener) throws IOException, InterruptedException {
        RunRecord run = state.runs().find(idOrName).orElseThrow(() -> new InvalidInputException("no run '"
                + idOrName + "'; skyrun status lists runs"));
        Secrets secrets = run.status().terminal() ? Secrets.none()
                : SecretValues.resolve(Json.launch(run.jobJson()).task(), given, environment);
        return resume(run.id(), secrets, listener);
    }

    /** Asks a running launch (in this process) to stop what it started and end INTERRUPTED. */
    public void interrupt() {
        interrupted = true;
    }

    /**
     * Asks a running launch (in this process) to stop following its run and leave everything as it
     * is, as if its process had been killed: nodes keep running, nothing is recorded as ended, the
     * name is released and the run has no controller, so that {@code resume} adopts it. The skyrun
     * agent does this when the client that launched the run disappears without a Ctrl-C.
     */
    public void abandon() {
        abandoned = true;
    }

    private AttemptLoop loop(RunContext ctx, PlacementCursor cursor) {
        return new AttemptLoop(ctx, cursor, planner, () -> {
            if (abandoned) {
                throw new RunAbandonedException();
            }
            return interrupted;
        }, RANDOM);
    }

    /** Takes a run whose lease is still held by a process of this host that is gone (see {@link LeaseKeeper.LeaseTerms#binds}). */
    private boolean takeFromTheDead(String runId) {
        if (state.leases().of(runId).filter(l -> LeaseKeeper.LeaseTerms.binds(l, Instant.now())).isPresent()) {
            return false;
        }
        state.leases().take(runId, lease.owner(), lease.term());
        return true;
    }

    /** Following a run up to its end, or where a detached launch leaves it. */
    private interface Following {
        RunOutcome run() throws IOException, InterruptedException;
    }

    /**
     * Follows a run, holding its lease on a shared state meanwhile (losing it abandons the run);
     * then releases the lease when the run ended (an unfinished run's is handed over by
     * {@link #handOverUnfinished}, once the run's name is free).
     */
    private RunOutcome follow(RunContext ctx, Following following) throws IOException, InterruptedException {
        String runId = ctx.runId();
        RunOutcome o;
        try (LeaseKeeper keeper = state.shared() ? LeaseKeeper.start(state, runId, lease, this::abandon) : null) {
            o = following.run();
        } catch (RunAbandonedException e) {
            return leave(runId);
        } catch (IOException | InterruptedException | RuntimeException e) {
            ctx.mounts().release();
            throw e;
        }
        if (!state.shared()) {
            return o;
        }
        if (o.status().terminal()) {
            state.leases().release(runId, lease.owner());
            return o;
        }
        return new RunOutcome(o.runId(), o.status(), o.exitCode(), "handed to the skyrun controllers of the shared"
                + " state; follow it with skyrun logs " + runId + " --follow");
    }

    /** The run as {@link #abandon} leaves it: no controller, its status as recorded. */
    private RunOutcome leave(String runId) {
        state.runs().controller(runId, 0);
        RunRecord r = state.runs().find(runId).orElseThrow();
        return new RunOutcome(runId, r.status(), r.exitCode(), "abandoned: skyrun resume " + runId + " follows it again");
    }

    /**
     * Hands the lease of a run this controller left unfinished (detached or abandoned) to the
     * controllers at once (nothing, when another owns it). Called once the run's name is released:
     * the controller that claims the run takes its name next, and must find it free.
     */
    private RunOutcome handOverUnfinished(RunOutcome o) {
        if (state.shared() && !o.status().terminal()) {
            state.leases().handOver(o.runId(), lease.owner());
        }
        return o;
    }

    private HeldName lock(String name, String runId, java.time.Duration wait) throws IOException, InterruptedException {
        return state.lockName(name, runId, wait)
                .orElseThrow(() -> new NameHeldException(name, holder(name)
                        + (wait.isZero() ? "" : " (waited " + wait.toSeconds() + " s)")));
    }

    /** A resume waits at least {@link #TAKEOVER}: a killed agent client's launch lets go of the name last. */
    private java.time.Duration takeoverWait() {
        return lockWait.compareTo(TAKEOVER) > 0 ? lockWait : TAKEOVER;
    }

    /**
     * Refuses a launch of {@code name} while the job of an earlier run of that name still runs with
     * no launch following it (its launch was killed, so the name's lock is free).
     */
    private void refuseBesideUnfollowed(String name) {
        new RunActions(state, clouds).runningWithoutController(name).ifPresent(r -> {
            throw new NameHeldException(name, "run " + r.id() + ", whose job still runs though its launch is gone"
                    + " (skyrun resume " + r.id() + " follows it again)");
        });
    }

    private String holder(String name) {
        try {
            return state.nameHolder(name);
        } catch (IOException e) {
            return "another skyrun process";
        }
    }

    private RunContext context(String runId, String taskId, LaunchRequest req, RunListener listener) throws IOException {
        SecretMask mask = SecretMask.load(state.home(), runId).with(req.secrets());
        mask.save(state.home(), runId);
        RunListener masked = mask.masking(listener);
        Events events = new Events(state, runId, masked, mask);
        Mounts mounts = new Mounts(state, runId, events, clouds::pluginStore, clouds::mountRemote);
        return new RunContext(runId, taskId, req, state, clouds, events, mounts, masked, mask);
    }
}
