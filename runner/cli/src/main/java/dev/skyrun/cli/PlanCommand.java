package dev.skyrun.cli;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.plan.LocalOffering;
import dev.skyrun.plan.Optimizer;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.RequestScope;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Suggestions;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun plan FILE}: the placements a launch would try, in order, with their prices and
 * why the other candidates were left out. Reads no credentials, starts nothing, needs no network.
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
        Set<String> clouds = cloud == null ? Set.of() : Set.of(cloud);
        Catalog catalog = catalogOptions.load(RequestScope.of(loaded, clouds));
        PlanContext context = context(catalog, loaded);
        List<TaskPlan> plans = new Optimizer(context).plan(loaded, Location.of(file));
        PlanView view = PlanView.of(catalog.info(), plans, all ? Integer.MAX_VALUE : DEFAULT_LIMIT);
        output.print(spec.commandLine().getOut(), view, PlanText::render);
        return ExitCode.OK;
    }

    /**
     * Every cloud of the catalog (or only {@code --cloud}); this machine as cloud {@code local} when the
     * spec or {@code --cloud} names it (it never competes on price with the others).
     */
    private PlanContext context(Catalog catalog, Spec loaded) {
        boolean local = PlanContext.LOCAL.equals(cloud) || namesLocal(loaded);
        List<Offering> extra = local ? List.of(localMachine()) : List.of();
        return cloud == null ? PlanContext.of(catalog, extra) : new PlanContext(catalog, extra, Set.of(cloud), List.of());
    }

    private static boolean namesLocal(Spec loaded) {
        List<TaskSpec> tasks = switch (loaded) {
            case TaskSpec t -> List.of(t);
            case PipelineSpec p -> p.stages().stream().map(Stage::task).toList();
        };
        for (TaskSpec t : tasks) {
            Resources r = t.resources();
            List<Resources> all = new ArrayList<>(List.of(r));
            all.addAll(r.ordered());
            all.addAll(r.anyOf());
            if (all.stream().anyMatch(e -> e.cloud().filter(PlanContext.LOCAL::equals).isPresent())) {
                return true;
            }
        }
        return false;
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

    /** This machine's vCPUs and memory, price 0 (GPUs are not probed: plan starts nothing). */
    private static Offering localMachine() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        double gib = Math.floor(bytes / (1024.0 * 1024 * 1024));
        return LocalOffering.of(Runtime.getRuntime().availableProcessors(), gib, Optional.empty(), 0);
    }
}
