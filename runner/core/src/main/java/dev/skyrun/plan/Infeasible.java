package dev.skyrun.plan;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains a request nothing satisfies: what was asked and the nearest offers, e.g.
 * {@code H100:16 is not offered; H100 comes in 1, 2, 4, 8 on aws, gcp}.
 */
final class Infeasible {
    private static final int LIST_MAX = 12;

    private Infeasible() {}

    static Problem problem(TaskSpec task, List<Alternative> alternatives, Evaluation eval, PlanContext ctx,
            Location where) {
        Catalog catalog = ctx.catalog();
        Problem absent = absentClouds(task, alternatives, ctx, where);
        if (absent != null) {
            return absent;
        }
        for (Alternative a : alternatives) {
            if (a.accelerator().isPresent()) {
                Problem p = acceleratorProblem(a.accelerator().get(), catalog, ctx, where);
                if (p != null && alternatives.size() == 1) {
                    return p;
                }
            }
        }
        String asked = alternatives.stream().map(Alternative::label).collect(Collectors.joining(" | "));
        String head = "no offering satisfies task '" + task.name() + "' (" + asked + ")";
        return eval.furthest()
                .map(f -> Problem.of(where, head + ": " + nearest(f, eval.sample(f), alternatives), hint(f, ctx)))
                .orElseGet(() -> Problem.of(where, head, "run 'skyrun show-gpus' to see what is offered"));
    }

    /**
     * Every alternative pins a cloud with no offer at all (no catalog rows, no plug-in offering): say so, rather than
     * judge its accelerator names by the other clouds' (Kubernetes names its own, e.g. MI300).
     */
    private static Problem absentClouds(TaskSpec task, List<Alternative> alternatives, PlanContext ctx, Location where) {
        SortedSet<String> known = new TreeSet<>(ctx.catalog().clouds());
        ctx.extraOfferings().forEach(o -> known.add(o.cloud()));
        SortedSet<String> absent = new TreeSet<>();
        for (Alternative a : alternatives) {
            if (a.cloud().isEmpty() || known.contains(a.cloud().get())) {
                return null;
            }
            absent.add(a.cloud().get());
        }
        return Problem.of(where, "task '" + task.name() + "' pins " + String.join(", ", absent) + ", which "
                + (absent.size() == 1 ? "is not a cloud" : "are not clouds") + " of the catalog"
                + (known.isEmpty() ? "" : " (" + String.join(", ", known) + ")") + ": skyrun has no offers to plan it on",
                "pin one of the catalog's clouds, or plan with a catalog that lists " + String.join(", ", absent)
                        + " (--catalog DIR, a SkyPilot catalog directory)");
    }

    private static Problem acceleratorProblem(AcceleratorChoice want, Catalog catalog, PlanContext ctx,
            Location where) {
        boolean known = catalog.canonicalAccelerator(want.name()).isPresent()
                || ctx.extraOfferings().stream().anyMatch(o -> o.acceleratorName().map(want.name()::equalsIgnoreCase)
                        .orElse(false));
        if (!known) {
            List<String> near = catalog.acceleratorNames().suggestions(want.name());
            return Problem.of(where, "unknown accelerator '" + want.name() + "'",
                    near.isEmpty() ? "run 'skyrun show-gpus' to list accelerators" : "did you mean " + String.join(", ", near) + "?");
        }
        SortedMap<String, SortedSet<Double>> counts = catalog.acceleratorCounts(want.name());
        if (counts.isEmpty()) {
            java.util.Set<String> clouds = catalog.clouds().isEmpty() ? new TreeSet<>(ctx.enabledClouds()) : catalog.clouds();
            return Problem.of(where, want.name() + " is not offered " + (clouds.isEmpty() ? "by any cloud of the catalog"
                    : "on " + String.join(", ", clouds)), "run 'skyrun show-gpus " + want.name() + "' to see which clouds offer it");
        }
        boolean offered = counts.values().stream().anyMatch(s -> s.contains(want.count()));
        if (offered) {
            return null;
        }
        return Problem.of(where, want + " is not offered; " + want.name() + " comes in " + countsText(counts),
                "ask for one of those counts per node, or more nodes (num_nodes)");
    }

    /** {@code 1, 2, 4, 8 on aws, gcp; 8 on lambda}: clouds grouped by the counts they offer. */
    static String countsText(SortedMap<String, SortedSet<Double>> counts) {
        Map<String, List<String>> cloudsByCounts = new LinkedHashMap<>();
        counts.forEach((cloud, set) -> cloudsByCounts
                .computeIfAbsent(set.stream().map(Infeasible::number).collect(Collectors.joining(", ")),
                        k -> new ArrayList<>())
                .add(cloud));
        return cloudsByCounts.entrySet().stream()
                .map(e -> e.getKey() + " on " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String nearest(Filter f, List<Offering> removed, List<Alternative> alternatives) {
        return switch (f) {
            case ENABLED_CLOUDS -> "offered only on clouds that are not enabled: " + list(removed, Offering::cloud);
            case CLOUD -> "offered on " + list(removed, Offering::cloud) + " only";
            case REGION -> "not offered in that region; offered in " + list(removed, o -> o.cloud() + "/" + o.region());
            case ZONE -> "not offered in that zone; offered in " + list(removed, o -> o.zone().orElse(o.region()));
            case CPUS -> "vCPUs offered: " + numbers(removed, Offering::vcpus);
            case MEMORY -> "memory (GiB) offered: " + numbers(removed, Offering::memoryGib);
            case USE_SPOT -> "no spot price for it (on-demand only)";
            case BLOCKED -> "every place that offers it is blocked after a failure";
            case MAX_HOURLY_COST -> "the cheapest is $" + money(removed.stream()
                    .mapToDouble(o -> o.price(alternatives.get(0).spot()).orElse(o.onDemandPrice())).min().orElse(0))
                    + "/h per node";
            default -> "nothing matches " + f.key();
        };
    }

    private static String hint(Filter f, PlanContext ctx) {
        return switch (f) {
            case ENABLED_CLOUDS -> "set up credentials for one of them (skyrun check), or pass --cloud";
            case CLOUD, REGION, ZONE -> "pin one of those places (infra: CLOUD/REGION), or drop the pin";
            case CPUS, MEMORY -> "write N+ to accept at least N, or one of the sizes offered";
            case USE_SPOT -> "drop use_spot, or fall back: any_of: [{use_spot: true}, {use_spot: false}]";
            case BLOCKED -> "blocked: " + ctx.blocked().stream().map(Object::toString).collect(Collectors.joining(", "));
            case MAX_HOURLY_COST -> "raise max_hourly_cost, or ask for less";
            default -> "run 'skyrun show-gpus' to see what is offered";
        };
    }

    private static String list(List<Offering> offerings, Function<Offering, String> key) {
        TreeSet<String> values = offerings.stream().map(key).collect(Collectors.toCollection(TreeSet::new));
        String shown = values.stream().limit(LIST_MAX).collect(Collectors.joining(", "));
        return values.size() > LIST_MAX ? shown + " and " + (values.size() - LIST_MAX) + " more" : shown;
    }

    private static String numbers(List<Offering> offerings, java.util.function.ToDoubleFunction<Offering> key) {
        TreeSet<Double> values = offerings.stream().mapToDouble(key).boxed().collect(Collectors.toCollection(TreeSet::new));
        String shown = values.stream().limit(LIST_MAX).map(Infeasible::number).collect(Collectors.joining(", "));
        return values.size() > LIST_MAX ? shown + ", ... up to " + number(values.last()) : shown;
    }

    static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String money(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
