package dev.skyrun.cli;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.run.Session;
import dev.skyrun.run.TaskRuns;
import dev.skyrun.state.EventRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * Drives one task run from the CLI ({@code launch}, {@code resume}) through core's
 * {@link TaskRuns} and renders it: job lines (stdout to stdout, stderr to stderr, prefixed with
 * their node when there are several) and events on stderr, and how the run ended. Ctrl-C
 * ({@link Interrupts}) makes the run remove its nodes and end INTERRUPTED (the wait running out
 * leaves the run for {@code resume} or {@code down}).
 */
final class TaskLaunch {

    private final Session session;
    private final Planner planner;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputOptions output;
    private final CommandContext context;
    private volatile boolean endShown;
    private Duration lockWait = Duration.ZERO;

    TaskLaunch(Session session, Planner planner, OutputOptions output, CommandContext context) {
        this.session = session;
        this.planner = planner;
        this.output = output;
        this.out = output.out();
        this.err = output.err();
        this.context = context;
    }

    /** This launch, waiting up to {@code wait} for another launch holding the run's name ({@code --lock-timeout}). */
    TaskLaunch waitingForTheName(Duration wait) {
        this.lockWait = wait;
        return this;
    }

    /** Launches the request and, unless detached, drives it to its end. */
    RunOutcome launch(LaunchRequest req) throws IOException, InterruptedException {
        TaskRuns runs = new TaskRuns(session, planner, lockWait);
        return interruptible(context.interrupts(), err, runs::interrupt, runs::abandon,
                () -> runs.launch(req, this::listener, SkyrunJvm.detachedController()));
    }

    /** Continues a run whose controller is gone, with secrets resolved from {@code given} and the environment. */
    RunOutcome resume(String run, Map<String, String> given) throws IOException, InterruptedException {
        TaskRuns runs = new TaskRuns(session, planner, Duration.ZERO);
        return interruptible(context.interrupts(), err, runs::interrupt, runs::abandon,
                () -> runs.resume(run, given, context.env(), this::listener));
    }

    /**
     * Prints how a run ended: with {@code -o json} the run as {@code status -o json} shows it, on
     * stdout; a detached run's id on stdout; otherwise a line on stderr.
     */
    void report(RunOutcome o, boolean detached) {
        if (output.json()) {
            JsonOutput.write(out, RunViews.RunView.read(session.state(), session.actions().find(o.runId())));
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

    /** The exit code of an outcome: 0 ok (or detached and running), 1 the job failed or was cancelled, 3 infrastructure (or compute left), 130 interrupted. */
    static int exitCode(RunOutcome o) {
        return switch (o.status()) {
            case SUCCEEDED, RUNNING, PENDING, PROVISIONING, RECOVERING -> ExitCode.OK;
            case FAILED, CANCELLED, BUDGET_EXCEEDED -> ExitCode.RUN_FAILED;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
            case INFRA_FAILED, PREEMPTED, TERMINATING -> ExitCode.INFRASTRUCTURE;
        };
    }

    /** A controller call that may throw. */
    @FunctionalInterface
    interface ControllerCall<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call} with Ctrl-C handled as {@code interrupts} sees it: {@code stop} makes the
     * controllers remove what they started and record the run INTERRUPTED; {@code abandon} makes
     * them leave it as it is, for {@code resume}.
     */
    static <T> T interruptible(Interrupts interrupts, PrintWriter err, Runnable stop, Runnable abandon,
            ControllerCall<T> call) throws IOException, InterruptedException {
        try (Interrupts.Watch watch = interrupts.watch(err, stop, abandon)) {
            return call.call();
        }
    }

    /** What a run of {@code nodes} nodes prints. */
    private RunListener listener(int nodes) {
        boolean quiet = output.quiet();
        boolean multiNode = nodes > 1;
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
