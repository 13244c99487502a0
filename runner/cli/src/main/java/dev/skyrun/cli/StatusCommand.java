package dev.skyrun.cli;

import dev.skyrun.run.RunActions;
import dev.skyrun.run.Session;
import dev.skyrun.state.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun status [RUN]}: runs, or one run with its attempts and the reason each ended. */
@Command(
        name = "status",
        description = {"Show runs, or one run with its attempts and why each ended.",
            "Runs newest first, with who started each (user@host); on a shared state (SKYRUN_STATE) only yours"
                    + " unless --all-users. For one run, each attempt's placement, start, end and ending (preempted,"
                    + " app failure with its exit code, infra error, and why), what the controller did next, which"
                    + " zones, regions or clouds it blocked and why, and which controller owns it now."},
        footer = {"  skyrun status", "  skyrun status --all-users", "  skyrun status train-lora",
            "  skyrun status train-lora-3f2a1c -o json"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "A run id, or a name (its newest run).")
    String run;

    @Option(names = "--all-users", description = "On a shared state, everyone's runs (default: the runs you started).")
    boolean allUsers;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.openReadOnly(output.context().env())) {
            RunActions actions = s.actions();
            if (run != null) {
                RunRecord r = actions.refresh(actions.find(run));
                output.print(output.out(), RunViews.RunView.read(s.state(), r), RunViews::detail);
                return ExitCode.OK;
            }
            Map<String, String> starters = s.state().runs().starters();
            String mine = s.state().actor().user() + "@";
            List<RunViews.RunView> views = s.state().runs().all().stream()
                    .filter(r -> allUsers || !s.state().shared() || starters.getOrDefault(r.id(), mine).startsWith(mine))
                    .map(actions::refresh)
                    .map(r -> RunViews.RunView.read(s.state(), r)).toList();
            output.print(output.out(), new RunViews.RunList(views), RunViews::table);
            return ExitCode.OK;
        }
    }
}
