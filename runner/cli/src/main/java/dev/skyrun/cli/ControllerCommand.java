package dev.skyrun.cli;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.RunAdopter;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.Session;
import dev.skyrun.schema.Location;
import dev.skyrun.state.EventRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyrun controller}: follows the runs of a shared state whose controller went away, until stopped. */
@Command(
        name = "controller",
        description = {"Continue shared-state runs whose controller is gone.",
            "With SKYRUN_STATE naming a PostgreSQL database, every running run is owned by one controller holding a"
                    + " lease it renews every third of --lease. This process claims each run whose lease lapsed (its"
                    + " launch or controller died, or launch -d handed it over) and continues it as skyrun resume"
                    + " does: it adopts the live nodes, never a second set. Run several, on different machines; each"
                    + " run has one owner at a time. Secrets are looked up in this process's environment."},
        footer = {"  SKYRUN_STATE=postgresql://skyrun:PASSWORD@db:5432/skyrun skyrun controller",
            "  skyrun controller --lease 10 --max-runs 200",
            "", "Each line on stderr says what it adopted and how each run ended. Ctrl-C or SIGTERM hands the runs",
            "it follows to the other controllers at once and exits.",
            "", "Exit codes: 0 stopped, 2 no shared state (SKYRUN_STATE unset) or bad options, 3 the database is",
            "unreachable, 130 interrupted."})
final class ControllerCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Mixin
    LaunchOptions launching;

    @Option(names = "--lease", paramLabel = "SECONDS", description = "How long a lease holds unless renewed (default: ${DEFAULT-VALUE}).")
    int leaseSeconds = 15;

    @Option(names = "--max-runs", paramLabel = "N", description = "Follow at most N runs at once (default: ${DEFAULT-VALUE}).")
    int maxRuns = 500;

    @Override
    public Integer call() throws Exception {
        if (leaseSeconds < 2 || maxRuns < 1) {
            throw new dev.skyrun.schema.InvalidInputException("--lease must be at least 2 seconds and --max-runs at least 1");
        }
        PrintWriter err = output.err();
        try (Session s = Session.open(output.context().env())) {
            LaunchPlanner planner = launching.planner(s, Optional.empty(), new Location("controller", 0, 0),
                    Optional.empty());
            RunAdopter adopter = new RunAdopter(s, planner, Duration.ofSeconds(leaseSeconds), maxRuns, output.context().env(),
                    line -> say(err, line), output.quiet() ? RunListener.silent() : events(err));
            say(err, adopter.owner() + " serving (lease " + leaseSeconds + " s, at most " + maxRuns + " runs)");
            try (Interrupts.Watch watch = output.context().interrupts().watch(err, adopter::stop, adopter::stop)) {
                adopter.serve();
            }
            return ExitCode.OK;
        }
    }

    private static void say(PrintWriter err, String line) {
        synchronized (err) {
            err.println(Instant.now() + " " + line);
            err.flush();
        }
    }

    /** Prints the events of the runs it follows (their log lines stay in skyrun logs). */
    private static RunListener events(PrintWriter err) {
        return new RunListener() {
            @Override
            public void event(EventRecord e) {
                say(err, e.runId() + " " + e.kind() + ": " + e.message());
            }

            @Override
            public void log(LogLine line) {
                // skyrun logs RUN shows them
            }
        };
    }
}
