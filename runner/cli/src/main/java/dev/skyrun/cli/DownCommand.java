package dev.skyrun.cli;

import dev.skyrun.cloud.CloudResource;
import dev.skyrun.run.RunActions;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skyrun down}: removes everything labelled with a run, whether or not its state row exists. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {"Remove every container, network (and cloud resource) labelled with a run, even when",
            "its state row is gone. --sweep finds skyrun-labelled resources whose run this state does not know."},
        footerHeading = "%nExamples:%n",
        footer = {"  skyrun down train-lora", "  skyrun down --all", "  skyrun down --sweep -o json"})
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    /** What was removed. */
    record Removed(List<CloudResource> removed) {}

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open()) {
            RunActions actions = s.actions();
            List<CloudResource> removed = new ArrayList<>();
            if (target.sweep) {
                for (CloudResource r : actions.orphans("local")) {
                    s.clouds.open(r.cloud()).remove(r);
                    removed.add(r);
                }
            } else {
                List<String> ids = target.all ? s.state.runs().all().stream().map(RunRecord::id).toList() : target.runs;
                for (String id : ids) {
                    Optional<RunRecord> run = s.state.runs().find(id);
                    String runId = run.map(RunRecord::id).orElse(id);
                    removed.addAll(actions.removeEverything(runId));
                    run.filter(r -> !r.status().terminal()).ifPresent(r -> s.state.runs().status(r.id(),
                            RunStatus.CANCELLED, Optional.empty(), Optional.of("taken down by skyrun down")));
                }
            }
            output.print(spec.commandLine().getOut(), new Removed(removed), (w, v) -> {
                v.removed().forEach(r -> w.println("removed " + r.kind() + " " + r.id().substring(0,
                        Math.min(12, r.id().length())) + " (" + r.labels().getOrDefault("skyrun-run", "") + ")"));
                w.println(v.removed().size() + " resources removed");
            });
            return ExitCode.OK;
        }
    }
}
