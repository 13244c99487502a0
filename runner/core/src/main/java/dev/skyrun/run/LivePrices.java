package dev.skyrun.run;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.Optimizer;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans with today's prices: the optimizer ranks the catalog, the clouds of the first
 * {@link #CANDIDATES} placements re-price the offerings behind them ({@code Cloud.liveOfferings},
 * e.g. AWS spot price history), and the optimizer ranks again over the re-priced catalog, so
 * "cheapest" means cheapest today. A cloud that cannot say (offline, no permission) keeps its
 * catalog prices.
 *
 * <pre>{@code
 * TaskPlan plan = LivePrices.plan(task, Location.of(file), PlanContext.of(catalog, List.of()), clouds);
 * }</pre>
 */
public final class LivePrices {

    /** How many of the first-ranked placements are re-priced: those a launch is about to try. */
    public static final int CANDIDATES = 24;

    private LivePrices() {}

    /** The plan of {@code task} over {@code context}, re-ranked with the live prices of its first candidates. */
    public static TaskPlan plan(TaskSpec task, Location where, PlanContext context, CloudRegistry clouds) {
        TaskPlan first = new Optimizer(context).plan(task, where);
        Catalog live = reprice(context.catalog(), first.placements(), clouds);
        if (live == context.catalog()) {
            return first;
        }
        PlanContext repriced = new PlanContext(live, context.extraOfferings(), context.enabledClouds(), context.blocked());
        return new Optimizer(repriced).plan(task, where);
    }

    /** {@code catalog} with the live prices of the offerings behind the first placements; itself when none changed. */
    static Catalog reprice(Catalog catalog, List<Placement> placements, CloudRegistry clouds) {
        Map<String, Set<Offering>> byCloud = new LinkedHashMap<>();
        for (Placement p : placements.subList(0, Math.min(CANDIDATES, placements.size()))) {
            if (clouds.provider(p.cloud()).isEmpty()) {
                continue;
            }
            for (Offering o : catalog.withInstanceType(p.instanceType())) {
                if (o.cloud().equals(p.cloud()) && o.region().equals(p.region()) && o.zone().equals(p.zone())) {
                    byCloud.computeIfAbsent(p.cloud(), c -> new LinkedHashSet<>()).add(o);
                }
            }
        }
        List<Offering> changed = new ArrayList<>();
        byCloud.forEach((cloud, offerings) -> {
            List<Offering> asked = List.copyOf(offerings);
            List<Offering> answered;
            try {
                answered = clouds.open(cloud).liveOfferings(asked);
            } catch (RuntimeException e) {
                return; // the catalog's prices stand for this cloud
            }
            for (Offering o : answered) {
                if (!offerings.contains(o)) {
                    changed.add(o);
                }
            }
        });
        return changed.isEmpty() ? catalog : catalog.repriced(changed);
    }
}
