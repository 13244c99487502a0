package dev.skyrun.cli;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives one task run from the CLI ({@code launch}, {@code resume}): runs the controller with a
 * listener that prints job lines (stdout to stdout, stderr to stderr, prefixed with their node
 * when there are several) and events on stderr, and stops what it started on Ctrl-C: a shutdown
 * hook interrupts the controller and waits until it has removed its nodes and recorded the run
 * INTERRUPTED (a second Ctrl-C, or the wait running out, leaves the run for {@code resume} or
 * {@code down}).
 */
final class TaskLaunch {

    /** How long Ctrl-C waits for the controller to stop what it started. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final Session session;
    private final Planner planner;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputOptions output;
    private volatile boolean endShown;

    TaskLaunch(Session session, Planner planner, PrintWriter out, PrintWriter err, OutputOptions output) {
        this.session = session;
        this.planner = planner;
        this.out = out;
        this.err = err;
        this.output = output;
    }

    /** Launches the request and, unless detached, drives it to its end. */
    RunOutcome launch(LaunchRequest req) throws IOException, InterruptedException {
        RunController controller = new RunController(session.state, session.clouds, planner);
        boolean multi = req.task().numNodes() > 1;
        return interruptible(err, controller::interrupt, () -> controller.launch(req, listener(multi)));
    }

    /**
     * Prints how a run ended: with {@code -o json} the run as {@code status -o json} shows it, on
     * stdout; a detached run's id on stdout; otherwise a line on stderr.
     */
    void report(RunOutcome o, boolean detached) {
        if (output.json()) {
            JsonOutput.write(out, RunViews.RunView.read(session.state, session.actions().find(o.runId())));
            out.flush();
            return;
        }
        if (detached && !o.status().terminal()) {
            out.println(o.runId());
            out.flush();
        }
        if (!output.quiet() && !endShown) {
            err.println("skyrun: run " + o.runId() + " " + o.status().name().toLowerCase(java.util.Locale.ROOT)
                    + o.exitCode().map(c -> " (exit " + c + ")").orElse("") + (o.reason().isEmpty() ? "" : ": " + o.reason()));
            err.flush();
        }
    }

    /** Continues a run whose controller is gone, with secrets resolved from {@code given} and the environment. */
    RunOutcome resume(String run, Map<String, String> given) throws IOException, InterruptedException {
        RunController controller = new RunController(session.state, session.clouds, planner);
        int nodes = session.state.nodeIds(session.actions().find(run).id(), 1).size();
        return interruptible(err, controller::interrupt,
                () -> controller.resume(run, given, System.getenv(), listener(nodes > 1)));
    }

    /** The exit code of an outcome: 0 ok (or detached and running), 1 the job failed or was cancelled, 3 infrastructure, 130 interrupted. */
    static int exitCode(RunOutcome o) {
        return switch (o.status()) {
            case SUCCEEDED, RUNNING, PENDING, PROVISIONING, RECOVERING -> ExitCode.OK;
            case FAILED, CANCELLED -> ExitCode.RUN_FAILED;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
            case INFRA_FAILED, PREEMPTED -> ExitCode.INFRASTRUCTURE;
        };
    }

    /** A controller call that may throw. */
    @FunctionalInterface
    interface ControllerCall<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call} with Ctrl-C handled: a shutdown hook calls {@code stop} (the controllers
     * then remove what they started and record the run INTERRUPTED) and waits until {@code call}
     * has returned, at most {@link #STOP_WAIT_SECONDS}; the process then exits 130.
     */
    static <T> T interruptible(PrintWriter err, Runnable stop, ControllerCall<T> call)
            throws IOException, InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                if (!stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    err.println("skyrun: interrupted; what this launch started may still run: skyrun down or skyrun resume");
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skyrun-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return call.call();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the controller has stopped
            }
        }
    }

    private RunListener listener(boolean multiNode) {
        boolean quiet = output.quiet();
        PrintWriter jobOut = output.json() ? err : out;
        return new RunListener() {
            @Override
            public void event(EventRecord e) {
                if (!quiet) {
                    endShown |= e.kind().equals("RUN_ENDED");
                    synchronized (err) {
                        err.println("skyrun: " + RunViews.event(e));
                        err.flush();
                    }
                }
            }

            @Override
            public void log(LogLine line) {
                if (quiet) {
                    return;
                }
                PrintWriter w = line.stderr() ? err : jobOut;
                synchronized (w) {
                    w.println((multiNode ? "(node " + line.node() + ") " : "") + line.text());
                    w.flush();
                }
            }
        };
    }
}
