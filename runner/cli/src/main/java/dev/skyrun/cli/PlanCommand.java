package dev.skyrun.cli;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.RequestScope;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.review.PlanDiff;
import dev.skyrun.review.PlannedSpec;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.OwnOffers;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Suggestions;
import dev.skyrun.spec.LaunchRefusals;
import dev.skyrun.spec.SafeYaml;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
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
            "Show where a task would run: its placements in order, with $/h.",
            "For a task (or each stage of a pipeline): the placements in the order they would be tried, $/h per node"
                    + " and in total, and one line per filter that removed candidates. Stable text, for pull requests."
                    + " Reads no credentials, starts nothing, needs no network. Exit 2 when nothing can run it.",
        },
        footer = {
            "  skyrun plan examples/gpu-task.yaml               the 10 placements it would try first",
            "  skyrun plan specs/federated.yaml --all           every placement of every stage",
            "  skyrun plan task.yaml --cloud aws -o json        only AWS, as JSON",
            "  skyrun plan task.yaml --catalog ~/.sky/catalogs/v8",
            "  skyrun plan task.yaml > plan.txt && git diff plan.txt   see what a catalog or spec change moves",
            "  skyrun plan specs/federated.yaml --diff origin/main    what this branch changes (exit 1 when anything)",
            "  skyrun plan task.yaml --diff old-task.yaml -o markdown  a pull-request comment",
        })
final class PlanCommand implements Callable<Integer>, OutputOptions.PrintsMarkdown {

    private static final int DEFAULT_LIMIT = 10;

    @Parameters(index = "0", paramLabel = "FILE", description = "A task or pipeline spec.")
    Path file;

    @Option(names = "--all", description = "List every feasible placement (default: the first 10).")
    boolean all;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Only this cloud (e.g. aws, gcp, local).")
    String cloud;

    @Option(names = "--diff", paramLabel = "REF", description = {
        "Compare with the spec at git revision REF (read from git's object store; nothing is checked out)",
        "or in the file REF, both planned on the same catalog. Exit 0 no change, 1 changed, 2 bad input."})
    String diff;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        List<YamlDocument> docs = SafeYaml.read(file, file.toString());
        Spec loaded = SpecLoader.load(file, docs, Map.of(), catalogOptions.places());
        checkCloud();
        if (diff != null) {
            return diff(loaded);
        }
        try (CloudRegistry clouds = CloudRegistry.load(output.context().env())) {
            LaunchPlanner planner = new LaunchPlanner(Optional.of(loaded), Location.of(file), Optional.ofNullable(cloud),
                    PlanInputs.offline(catalogOptions::load).withOwnOfferings(OwnOffers.offerings(OwnOffers.reader(clouds,
                            output.context().env(), Path.of(System.getProperty("user.home"))))));
            List<TaskPlan> plans = planner.plan();
            List<dev.skyrun.spec.Budget> budgets = switch (loaded) {
                case dev.skyrun.spec.TaskSpec t -> List.of(t.resources().budget());
                case dev.skyrun.spec.PipelineSpec p -> p.stages().stream().map(s -> s.task().resources().budget()).toList();
            };
            PlanView view = PlanView.of(planner.catalog().info(), plans, budgets, all ? Integer.MAX_VALUE : DEFAULT_LIMIT,
                    enabledHere(clouds), output.context().env()).refusing(LaunchRefusals.of(file, docs));
            output.print(output.out(), view, PlanText::render, PlanMarkdown::render);
        }
        return ExitCode.OK;
    }

    /** {@code --diff REF}: both sides planned as plan plans, on one catalog; exit 1 when anything changed. */
    private int diff(Spec loaded) {
        try (OldSpec old = OldSpec.read(file, diff, catalogOptions.places())) {
            List<Selection> wanted = new ArrayList<>();
            Stream.concat(Stream.of(loaded), old.spec().stream())
                    .forEach(s -> wanted.add(RequestScope.of(s, cloud == null ? Set.of() : Set.of(cloud))));
            Catalog catalog = catalogOptions.load(new Selection(c -> wanted.stream().anyMatch(w -> w.clouds().test(c)),
                    a -> wanted.stream().anyMatch(w -> w.accelerators().test(a))));
            Function<Selection, Catalog> same = selection -> catalog;
            Optional<PlannedSpec> before = old.spec().map(s -> new PlannedSpec(s, planner(s, old.location(), same).plan()));
            PlanDiff d = PlanDiff.between(before, new PlannedSpec(loaded, planner(loaded, Location.of(file), same).plan()));
            PlanDiffView view = PlanDiffView.of(catalog.info(), old.label(), file.toString(), d);
            output.print(output.out(), view, PlanDiffText::render, PlanDiffMarkdown::render);
            return d.changed() ? ExitCode.CHANGED : ExitCode.OK;
        }
    }

    private LaunchPlanner planner(Spec s, Location where, Function<Selection, Catalog> catalog) {
        return new LaunchPlanner(Optional.of(s), where, Optional.ofNullable(cloud), PlanInputs.offline(catalog));
    }

    /**
     * Whether a cloud is enabled here, as {@code launch} decides it ({@link PlanInputs#enabledClouds}:
     * its credentials or endpoint are configured; nothing is read or called); this machine always is.
     */
    private java.util.function.Predicate<String> enabledHere(CloudRegistry clouds) {
        Set<String> enabled = PlanInputs.enabledClouds(clouds, output.context().env(), Path.of(System.getProperty("user.home")));
        return c -> c.equals(PlanContext.LOCAL) || enabled.contains(c);
    }

    /** {@code --cloud} must name a cloud of the catalog (or {@code local}, or one that lists its own offers: kubernetes). */
    private void checkCloud() {
        if (cloud == null || cloud.equals(PlanContext.LOCAL)) {
            return;
        }
        try (CloudRegistry clouds = CloudRegistry.load(output.context().env())) {
            if (clouds.provider(cloud).map(p -> p.listsOwnOffers()).orElse(false)) {
                return;
            }
        }
        List<String> known = new ArrayList<>(catalogOptions.clouds());
        if (!known.contains(cloud)) {
            known.add(PlanContext.LOCAL);
            throw new InvalidInputException("--cloud " + cloud + ": not a cloud of the catalog; use one of "
                    + String.join(", ", known) + Suggestions.closest(cloud, known).map(s -> " (did you mean " + s + "?)")
                            .orElse(""));
        }
    }
}
