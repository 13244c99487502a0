package dev.skyrun.run;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs a task spec as {@code skyrun launch} and {@code skyrun resume} do, in a {@link Session}:
 * one {@link RunController} over the given planner, the caller's listener made for the run's
 * number of nodes, and a detached launch handed to its {@link DetachedController}, whose pid is
 * recorded so that {@code status} leaves the run to it. Nothing is printed; {@link #interrupt}
 * and {@link #abandon} are how a caller's Ctrl-C (or vanished client) reaches the run.
 *
 * <pre>{@code
 * TaskRuns runs = new TaskRuns(session, planner, Duration.ZERO);
 * RunOutcome o = runs.launch(request, nodes -> listener, detached);
 * }</pre>
 */
public final class TaskRuns {

    private final Session session;
    private final RunController controller;

    /**
     * Task runs in {@code session}, placed by {@code planner}, a launch waiting up to
     * {@code lockWait} for another launch holding the run's name ({@code --lock-timeout}).
     */
    public TaskRuns(Session session, Planner planner, Duration lockWait) {
        this.session = session;
        this.controller = new RunController(session.state(), session.clouds(), planner, lockWait);
    }

    /**
     * Launches the request and, unless detached, drives it to its end; a detached run still going
     * once its job started is handed to {@code background}, or on a shared state to the
     * {@code skyrun controller}s (see {@link RunAdopter}).
     *
     * @param listeners the listener for a run of so many nodes
     */
    public RunOutcome launch(LaunchRequest req, IntFunction<RunListener> listeners, DetachedController background)
            throws IOException, InterruptedException {
        RunOutcome o = controller.launch(req, listeners.apply(req.task().numNodes()));
        if (req.detach() && !o.status().terminal() && !session.state().shared()) {
            session.state().runs().controller(o.runId(), background.start(o.runId(), req.secrets()));
        }
        return o;
    }

    /**
     * Continues a run whose controller is gone, with the secrets its launch used resolved from
     * {@code given} ({@code --secret}), else {@code env}.
     *
     * @param listeners the listener for a run of so many nodes
     */
    public RunOutcome resume(String run, Map<String, String> given, Map<String, String> env,
            IntFunction<RunListener> listeners) throws IOException, InterruptedException {
        int nodes = session.state().nodeIds(session.actions().find(run).id(), 1).size();
        return controller.resume(run, given, env, listeners.apply(nodes));
    }

    /** Asks the running launch to stop what it started and end INTERRUPTED (Ctrl-C). */
    public void interrupt() {
        controller.interrupt();
    }

    /** Asks the running launch to leave the run as it is, for {@code resume} (its client vanished). */
    public void abandon() {
        controller.abandon();
    }
}
