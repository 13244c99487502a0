package dev.skyrun.cli;

import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Leftover;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.run.RunActions;
import dev.skyrun.run.Session;
import dev.skyrun.state.RunRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun down}: takes down everything labelled with a run, whether or not its state row
 * exists: compute first, verified terminated, then the auxiliaries. Exit 3 naming what is left
 * when something could not be removed; the next {@code down} finishes it.
 */
@Command(
        name = "down",
        description = {"Remove everything labelled with a run, or leaked resources.",
            "Every container, network and cloud resource labelled with the run, even when its state row is gone."
                    + " --sweep finds skyrun-labelled resources whose run this state does not know."},
        footer = {"  skyrun down train-lora", "  skyrun down --all", "  skyrun down --sweep -o json"})
final class DownCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** What to take down. */
    static final class Target {
        @Parameters(paramLabel = "RUN", description = "Run ids or names.")
        List<String> runs;

        @Option(names = "--all", description = "Every run this state knows.")
        boolean all;

        @Option(names = "--sweep", description = "Resources labelled skyrun-run whose run is unknown here (leaks).")
        boolean sweep;
    }

    /** What was removed, and what is left for the next {@code skyrun down}. */
    record Removed(List<CloudResource> removed, List<Leftover> left) {}

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(output.context().env())) {
            RunActions actions = s.actions();
            TeardownReport report = TeardownReport.empty();
            if (target.sweep) {
                report = actions.sweep("local");
            } else {
                List<String> ids = target.all ? s.state().runs().all().stream().map(RunRecord::id).toList() : target.runs;
                for (String id : ids) {
                    report = report.plus(actions.down(s.state().runs().find(id).map(RunRecord::id).orElse(id)));
                }
            }
            output.print(output.out(), new Removed(report.removed(), report.left()), (w, v) -> {
                v.removed().forEach(r -> w.println("removed " + r.kind() + " " + r.id().substring(0,
                        Math.min(12, r.id().length())) + " (" + r.labels().getOrDefault("skyrun-run", "") + ")"));
                w.println(v.removed().size() + " resources removed");
            });
            if (!report.complete()) {
                output.err().println("skyrun down: " + (report.computeGone() ? "the compute is terminated, but "
                        : "NOT everything is verified terminated; ") + "left (the run's row keeps it; run skyrun down again): "
                        + report.describeLeft());
                return ExitCode.INFRASTRUCTURE;
            }
            return ExitCode.OK;
        }
    }
}
