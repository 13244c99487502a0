package dev.skyrun.cli;

import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.run.Session;
import dev.skyrun.schema.Location;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code skyrun resume RUN}: continues a run whose launch died (killed, crashed, or detached). */
@Command(
        name = "resume",
        description = {"Continue a run whose controller is gone.",
            "Adopts its live attempt (no second set of nodes) or starts the next one, then follows it as launch"
                    + " does. Secrets are resolved again, as for launch: --secret, else the environment. A run that"
                    + " already ended is only reported."},
        footer = {"  skyrun resume train-lora", "  HF_TOKEN=... skyrun resume train-lora-3f2a1c",
            "  skyrun launch --resume train-lora             # the same", "",
            "Exit codes: as launch: 0 ok, 1 the job failed, 2 no such run, 3 infrastructure (or the run's",
            "controller is still alive and holds its name), 130 Ctrl-C."})
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Mixin
    RunArgument run;

    @Mixin
    LaunchOptions launching;

    @Override
    public Integer call() throws Exception {
        return resume(output, launching, run.given());
    }

    /** Resumes {@code run} and reports it as {@code launch} does; shared with {@code launch --resume}. */
    static int resume(OutputOptions output, LaunchOptions launching, String run) throws Exception {
        try (Session s = Session.open(output.context().env())) {
            LaunchPlanner planner = launching.planner(s, Optional.empty(), new Location("run " + run, 0, 0), Optional.empty());
            TaskLaunch launch = new TaskLaunch(s, planner, output, output.context());
            RunOutcome o = launch.resume(run, launching.givenSecrets());
            launch.report(o, false);
            return TaskLaunch.exitCode(o);
        }
    }
}
