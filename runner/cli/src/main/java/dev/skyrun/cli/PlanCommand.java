package dev.skyrun.cli;

import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Suggestions;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun plan FILE}: the placements a launch would try, in order, with their prices and
 * why the other candidates were left out ({@link LaunchPlanner} over every cloud of the catalog, at
 * the catalog's prices). Reads no credentials, starts nothing, needs no network.
 */
@Command(name = "plan", sortOptions = false,
        description = {
            "Show where a task (or each stage of a pipeline) would run: the placements in the order they would be",
            "tried, $/h per node and in total, and one line per filter that removed candidates. Stable text, for pull",
            "requests. Reads no credentials, starts nothing, needs no network. Exit 2 when nothing can run it.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  skyrun plan examples/gpu-task.yaml               the 10 placements it would try first",
            "  skyrun plan specs/federated.yaml --all           every placement of every stage",
            "  skyrun plan task.yaml --cloud aws -o json        only AWS, as JSON",
            "  skyrun plan task.yaml --catalog ~/.sky/catalogs/v8",
            "  skyrun plan task.yaml > plan.txt && git diff plan.txt   see what a catalog or spec change moves",
        })
final class PlanCommand implements Callable<Integer> {
    private static final int DEFAULT_LIMIT = 10;

    @Parameters(index = "0", paramLabel = "FILE", description = "A task or pipeline spec.")
    Path file;

    @Option(names = "--all", description = "List every feasible placement (default: the first 10).")
    boolean all;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Only this cloud (e.g. aws, gcp, local).")
    String cloud;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    OutputOptions output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Spec loaded = SpecLoader.load(file, file.toString());
        checkCloud();
        LaunchPlanner planner = new LaunchPlanner(Optional.of(loaded), Location.of(file), Optional.ofNullable(cloud),
                PlanInputs.offline(catalogOptions::load));
        List<TaskPlan> plans = planner.plan();
        PlanView view = PlanView.of(planner.catalog().info(), plans, all ? Integer.MAX_VALUE : DEFAULT_LIMIT);
        output.print(spec.commandLine().getOut(), view, PlanText::render);
        return ExitCode.OK;
    }

    /** {@code --cloud} must name a cloud of the catalog (or {@code local}). */
    private void checkCloud() {
        if (cloud == null || cloud.equals(PlanContext.LOCAL)) {
            return;
        }
        List<String> known = new ArrayList<>(catalogOptions.clouds());
        if (!known.contains(cloud)) {
            known.add(PlanContext.LOCAL);
            throw new IllegalArgumentException("--cloud " + cloud + ": not a cloud of the catalog; use one of "
                    + String.join(", ", known) + Suggestions.closest(cloud, known).map(s -> " (did you mean " + s + "?)")
                            .orElse(""));
        }
    }
}
