package dev.skyrun.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.Removal;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.run.DefaultImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@code skyrun plan} prints: the catalog it used and, per task or stage, the placements in
 * the order they would be tried, and why the other candidates were left out.
 *
 * @param catalog catalog version and source
 * @param catalogSha256 the catalog's digest
 * @param tasks one entry per task (one for a task spec, one per stage of a pipeline)
 * @param launchRefuses what {@code launch} refuses in the spec though it plans ({@link dev.skyrun.spec.LaunchRefusals}),
 *     at FILE:LINE:COL
 */
record PlanView(String catalog, String catalogSha256, List<TaskView> tasks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> launchRefuses) {

    /** One task's plan. */
    record TaskView(String name, int nodes, List<String> asked, int feasible, long candidates,
            List<PlacementView> placements, List<String> filteredOut, Optional<BudgetView> budget) {}

    /**
     * One placement, numbered from 1 in the order it would be tried, with the image its job would run in.
     *
     * @param enabled whether its cloud is enabled here (credentials configured, or this machine):
     *     {@code launch} tries only those
     */
    record PlacementView(int rank, String cloud, String region, Optional<String> zone, String instanceType,
            Optional<String> accelerators, double vcpus, double memoryGib, boolean spot, double pricePerNode,
            double pricePerHour, String why, String image, boolean enabled) {}

    /**
     * The view of {@code plans}, {@code limit} placements a task, each with the caps of its task.
     *
     * @param budgets the caps of each task, in the order of {@code plans}
     * @param enabled whether a cloud is enabled here
     * @param env the environment that may name the default image
     */
    static PlanView of(CatalogInfo info, List<TaskPlan> plans, List<dev.skyrun.spec.Budget> budgets, int limit,
            Predicate<String> enabled, Map<String, String> env) {
        List<TaskView> tasks = new ArrayList<>();
        for (int t = 0; t < plans.size(); t++) {
            TaskPlan p = plans.get(t);
            List<PlacementView> shown = new ArrayList<>();
            List<Placement> placements = p.placements();
            for (int i = 0; i < Math.min(limit, placements.size()); i++) {
                shown.add(placement(i + 1, placements.get(i), enabled, env));
            }
            tasks.add(new TaskView(p.name(), p.nodes(), p.asked(), placements.size(), p.candidates(), shown,
                    p.removals().stream().map(Removal::reason).toList(), BudgetView.of(budgets.get(t), placements)));
        }
        String source = info.source().equals("bundled") ? "bundled" : info.source();
        return new PlanView(info.version() + " from " + source, info.sha256(), tasks, List.of());
    }

    /** This view saying that {@code launch} refuses what {@code problems} name. */
    PlanView refusing(List<dev.skyrun.schema.Problem> problems) {
        return new PlanView(catalog, catalogSha256, tasks, problems.stream().map(Object::toString).toList());
    }

    private static PlacementView placement(int rank, Placement p, Predicate<String> enabled, Map<String, String> env) {
        return new PlacementView(rank, p.cloud(), p.region(), p.zone(), p.instanceType(),
                p.accelerator().map(Object::toString), p.vcpus(), p.memoryGib(), p.spot(), round(p.pricePerNode()),
                round(p.pricePerHour()), p.why(), DefaultImage.on(p, Optional.empty(), env),
                enabled.test(p.cloud()));
    }

    static double round(double usd) {
        return Math.round(usd * 1e6) / 1e6;
    }
}
