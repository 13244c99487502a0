package dev.skyrun.run;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.Teardown;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.recovery.Ending;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the other commands do to runs: find one, refresh a detached run's status from its
 * cloud, read logs, exec, cancel, and take down ({@code down}, {@code down --sweep}) everything
 * labelled with a run, with or without its state row, through {@link RunTeardown}.
 */
public final class RunActions {

    private final StateStore state;
    private final CloudRegistry clouds;

    public RunActions(StateStore state, CloudRegistry clouds) {
        this.state = state;
        this.clouds = clouds;
    }

    /**
     * A run by id or name.
     *
     * @throws InvalidInputException naming the run and how to list runs
     */
    public RunRecord find(String idOrName) {
        return state.runs().find(idOrName).orElseThrow(() -> new InvalidInputException("no run '" + idOrName
                + "'; skyrun status lists runs"));
    }

    /** The run's latest attempt's cluster, if it got one. */
    public Optional<Cluster> cluster(RunRecord run) {
        List<AttemptRecord> attempts = state.runs().attempts(run.id());
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).clusterJson().isPresent()) {
                return Optional.of(Json.cluster(attempts.get(i).clusterJson().get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The run as it stands, for a command that only looks: when no controller drives it any more
     * (a crashed launch, a killed detached controller), its status is what its cloud shows, in the
     * returned record only. Nothing is written: {@code skyrun resume} records the ending (or
     * continues the run), and a run whose launch stopped before it began to start the job is not
     * asked about at all (its nodes do not exist yet, which is no preemption).
     */
    public RunRecord refresh(RunRecord run) {
        if (run.status().terminal() || (state.shared() ? leased(run) : controllerAlive(run))) {
            return run;
        }
        List<AttemptRecord> attempts = state.runs().attempts(run.id());
        if (attempts.isEmpty() || attempts.get(attempts.size() - 1).status().terminal()) {
            return run;
        }
        String resume = "; no controller follows it: skyrun resume " + run.id() + " continues it";
        int attempt = attempts.get(attempts.size() - 1).number();
        Optional<Cluster> c = cluster(run);
        if (c.isEmpty() || !jobStarted(run.id(), attempt)) {
            return observed(run, run.status(), run.exitCode(), "its launch stopped before starting the job" + resume);
        }
        Optional<Ending> ending = Endings.of(clouds.open(c.get().cloud()).state(c.get()));
        if (ending.isEmpty()) {
            return observed(run, run.status(), run.exitCode(), "the job runs" + resume);
        }
        RunStatus status = Endings.status(ending.get());
        Optional<Integer> code = ending.get() instanceof Ending.AppFailure f ? Optional.of(f.exitCode())
                : status == RunStatus.SUCCEEDED ? Optional.of(0) : Optional.empty();
        return observed(run, status, code, masked(run.id(), ending.get().reason())
                + "; no controller recorded it: skyrun resume " + run.id() + " does");
    }

    /**
     * The newest run named {@code name} when its job still runs though no launch follows it any
     * more (its launch was killed): a new launch of that name must not start beside it.
     */
    public Optional<RunRecord> runningWithoutController(String name) {
        Optional<RunRecord> run = state.runs().find(name).filter(r -> r.name().equals(name) && !r.status().terminal());
        if (run.isEmpty()) {
            return Optional.empty();
        }
        List<AttemptRecord> attempts = state.runs().attempts(run.get().id());
        Optional<Cluster> c = cluster(run.get());
        if (attempts.isEmpty() || attempts.get(attempts.size() - 1).status().terminal() || c.isEmpty()
                || !jobStarted(run.get().id(), attempts.get(attempts.size() - 1).number())) {
            return Optional.empty();
        }
        return Endings.of(clouds.open(c.get().cloud()).state(c.get())).isEmpty() ? run : Optional.empty();
    }

    /**
     * Whether attempt {@code number}'s job was being handed to its nodes (its submit intent is
     * recorded, done or not: a launch killed while starting them may have left them running).
     */
    private boolean jobStarted(String runId, int number) {
        return state.intents(runId).stream().anyMatch(i -> i.action().equals("submit")
                && i.attempt().equals(Optional.of(number)));
    }

    private static RunRecord observed(RunRecord r, RunStatus status, Optional<Integer> code, String reason) {
        return new RunRecord(r.id(), r.name(), r.taskId(), status, r.specPath(), r.jobJson(), r.createdAt(),
                r.updatedAt(), code, Optional.of(reason), r.cancelRequested(), r.controllerPid(), r.leftBehind());
    }

    private String masked(String runId, String text) {
        try {
            return SecretMask.load(state.home(), runId).mask(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a controller holds the run's lease on a shared state (its pid means nothing on this machine). */
    private boolean leased(RunRecord run) {
        return state.leases().of(run.id()).map(l -> LeaseKeeper.LeaseTerms.binds(l, java.time.Instant.now()))
                .orElse(false);
    }

    private static boolean controllerAlive(RunRecord run) {
        return run.controllerPid() > 0 && ProcessHandle.of(run.controllerPid()).map(ProcessHandle::isAlive).orElse(false)
                && run.controllerPid() != ProcessHandle.current().pid();
    }

    /**
     * Hands the run's log lines to {@code sink}, its secrets masked: those kept when its nodes were
     * removed at its end, else what its cloud has.
     */
    public void logs(RunRecord run, LogQuery query, Consumer<LogLine> sink) throws IOException {
        Cluster c = cluster(run).orElseThrow(() -> new InvalidInputException("run " + run.id()
                + " has no cluster yet; nothing logged"));
        SecretMask mask = SecretMask.load(state.home(), run.id());
        Consumer<LogLine> masked = line -> sink.accept(mask.masked(line));
        int attempt = state.runs().attempts(run.id()).stream().filter(a -> a.clusterJson().isPresent())
                .mapToInt(AttemptRecord::number).max().orElse(0);
        if (!LogArchive.read(state.home(), run.id(), attempt, query, masked)) {
            clouds.open(c.cloud()).logs(c, query, masked);
        }
    }

    /** Runs a command next to the run's job on one node, its output's secrets masked; returns its exit code. */
    public int exec(RunRecord run, int node, List<String> command, Consumer<LogLine> sink) throws IOException {
        Cluster c = cluster(run).orElseThrow(() -> new InvalidInputException("run " + run.id() + " has no cluster"));
        SecretMask mask = SecretMask.load(state.home(), run.id());
        return clouds.open(c.cloud()).exec(c, node, command, line -> sink.accept(mask.masked(line)));
    }

    /**
     * Stops a run: records the request (its controller, if alive, sees it), marks it CANCELLED
     * and takes its resources down ({@link #down}); returns what the teardown did. A run that had
     * ended is only taken down.
     */
    public TeardownReport cancel(RunRecord run) {
        if (!run.status().terminal()) {
            state.event(run.id(), Optional.empty(), EventKind.CANCEL_REQUESTED.name(), "cancel requested");
            stop(run, "cancelled by skyrun cancel");
        }
        return new RunTeardown(state, clouds).run(run.id(), RunStatus.CANCELLED);
    }

    /**
     * Takes a run down: compute first, verified terminated, then auxiliaries, on every cloud it
     * used, whether or not its state row exists. A run still going is stopped (CANCELLED). Its row
     * is TERMINATING until the compute is verified terminated and says what is left; the next
     * call finishes what this one could not.
     */
    public TeardownReport down(String runId) {
        Optional<RunRecord> run = state.runs().find(runId).filter(r -> r.id().equals(runId));
        run.filter(r -> !r.status().terminal()).ifPresent(r -> stop(r, "taken down by skyrun down"));
        return new RunTeardown(state, clouds).run(runId, RunStatus.CANCELLED);
    }

    /** Asks the run's controller to stop and records it, and its live attempt, CANCELLED. */
    private void stop(RunRecord run, String reason) {
        state.runs().requestCancel(run.id());
        List<AttemptRecord> attempts = state.runs().attempts(run.id());
        if (!attempts.isEmpty() && !attempts.get(attempts.size() - 1).status().terminal()) {
            state.runs().attemptStatus(run.id(), attempts.size(), RunStatus.CANCELLED, Optional.empty(), Optional.of(reason));
        }
        state.runs().status(run.id(), RunStatus.CANCELLED, Optional.empty(), Optional.of(reason));
    }

    /**
     * Takes down, on {@code cloud}, everything launched from this home whose run this state does
     * not know (leaks), run by run, as {@link #down} would.
     */
    public TeardownReport sweep(String cloud) {
        Set<String> runs = new LinkedHashSet<>();
        orphans(cloud).forEach(r -> runs.add(r.labels().get(Labels.RUN)));
        TeardownReport report = TeardownReport.empty();
        for (String runId : runs) {
            report = report.plus(Teardown.of(clouds.open(cloud)).run(Labels.run(runId).with(Labels.HOME, state.home().id()), List.of()));
        }
        return report;
    }

    /**
     * Resources on {@code cloud} launched from this home (label {@code skyrun-home}) whose run this
     * state does not know: leaks. Other homes' resources on a shared engine are never listed.
     */
    public List<CloudResource> orphans(String cloud) {
        List<CloudResource> leaks = new ArrayList<>();
        for (CloudResource r : clouds.open(cloud).findLabelled(new Labels(java.util.Map.of(Labels.RUN, "",
                Labels.HOME, state.home().id())))) {
            String runId = r.labels().get(Labels.RUN);
            if (runId == null) {
                continue;
            }
            Optional<RunRecord> run = state.runs().find(runId);
            if (run.isEmpty() || !run.get().id().equals(runId)) {
                leaks.add(r);
            }
        }
        return leaks;
    }
}
