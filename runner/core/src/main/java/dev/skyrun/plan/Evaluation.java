package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Runs candidates (offering, alternative) through the filters of one request, keeping the
 * survivors and, per filter, how many it removed and what it was asked.
 */
final class Evaluation {
    /** How many removed candidates to keep per filter for the infeasible-request message. */
    private static final int SAMPLE = 4096;

    private final PlanContext context;
    private final long[] removed = new long[Filter.values().length];
    private final Map<Filter, Set<String>> asked = new EnumMap<>(Filter.class);
    private final Map<Filter, List<Offering>> samples = new EnumMap<>(Filter.class);
    private final List<Survivor> survivors = new ArrayList<>();
    private long candidates;

    /** A candidate that passed every filter, with its price per node. */
    record Survivor(Offering offering, Alternative alternative, double price) {}

    Evaluation(PlanContext context) {
        this.context = context;
    }

    /** Counts {@code n} candidates removed in bulk by {@code filter} (an index left them out). */
    void removeInBulk(Filter filter, long n, String what) {
        if (n > 0) {
            removed[filter.ordinal()] += n;
            candidates += n;
            note(filter, what);
        }
    }

    /** Runs one candidate through the filters. */
    void consider(Offering o, Alternative a) {
        candidates++;
        Filter f = firstFailing(o, a);
        if (f == null) {
            OptionalDouble price = o.price(a.spot());
            survivors.add(new Survivor(o, a, price.getAsDouble()));
            return;
        }
        removed[f.ordinal()]++;
        List<Offering> sample = samples.computeIfAbsent(f, k -> new ArrayList<>());
        if (sample.size() < SAMPLE) {
            sample.add(o);
        }
        note(f, askedOf(f, a));
    }

    private void note(Filter f, String what) {
        if (what != null && !what.isEmpty()) {
            asked.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(what);
        }
    }

    private Filter firstFailing(Offering o, Alternative a) {
        if (!acceleratorMatches(o, a)) {
            return Filter.ACCELERATORS;
        }
        if (a.instanceType().isPresent() && !a.instanceType().get().equalsIgnoreCase(o.instanceType())) {
            return Filter.INSTANCE_TYPE;
        }
        if (!enabled(o, a)) {
            return Filter.ENABLED_CLOUDS;
        }
        if (a.cloud().isPresent() && !a.cloud().get().equals(o.cloud())) {
            return Filter.CLOUD;
        }
        if (a.region().isPresent() && !a.region().get().equals(o.region())) {
            return Filter.REGION;
        }
        if (a.zone().isPresent() && !a.zone().equals(o.zone())) {
            return Filter.ZONE;
        }
        if (a.cpus().isPresent() && o.vcpus() > 0 && !a.cpus().get().admits(o.vcpus())) {
            return Filter.CPUS;
        }
        if (a.memory().isPresent() && o.memoryGib() > 0 && !a.memory().get().admits(o.memoryGib())) {
            return Filter.MEMORY;
        }
        OptionalDouble price = o.price(a.spot());
        if (price.isEmpty()) {
            return Filter.USE_SPOT;
        }
        for (BlockedPlacement b : context.blocked()) {
            if (b.blocks(o, a.spot())) {
                return Filter.BLOCKED;
            }
        }
        if (a.maxHourlyCost().isPresent() && price.getAsDouble() > a.maxHourlyCost().get()) {
            return Filter.MAX_HOURLY_COST;
        }
        return null;
    }

    private static boolean acceleratorMatches(Offering o, Alternative a) {
        if (a.accelerator().isEmpty()) {
            return a.instanceType().isPresent() || o.acceleratorName().isEmpty();
        }
        AcceleratorChoice want = a.accelerator().get();
        return o.acceleratorName().isPresent() && o.acceleratorName().get().equalsIgnoreCase(want.name())
                && o.acceleratorCount() == want.count();
    }

    private boolean enabled(Offering o, Alternative a) {
        if (o.cloud().equals(PlanContext.LOCAL)) {
            return a.cloud().map(PlanContext.LOCAL::equals).orElse(false) || !context.anyRemoteCloud();
        }
        return context.enabledClouds().contains(o.cloud());
    }

    private String askedOf(Filter f, Alternative a) {
        return switch (f) {
            case ACCELERATORS -> a.accelerator().map(AcceleratorChoice::toString).orElse("none");
            case INSTANCE_TYPE -> a.instanceType().orElse(null);
            case ENABLED_CLOUDS -> String.join(", ", new java.util.TreeSet<>(context.enabledClouds()));
            case CLOUD -> a.cloud().orElse(null);
            case REGION -> a.region().orElse(null);
            case ZONE -> a.zone().orElse(null);
            case CPUS -> a.cpus().map(Object::toString).orElse(null);
            case MEMORY -> a.memory().map(Object::toString).orElse(null);
            case USE_SPOT -> "true";
            case BLOCKED -> null;
            case MAX_HOURLY_COST -> a.maxHourlyCost().map(c -> "$" + c).orElse(null);
        };
    }

    List<Survivor> survivors() {
        return survivors;
    }

    long candidates() {
        return candidates;
    }

    /** Per filter that removed something, the count and what was asked; in filter order. */
    List<Removal> removals() {
        List<Removal> out = new ArrayList<>();
        for (Filter f : Filter.values()) {
            if (removed[f.ordinal()] > 0) {
                out.add(new Removal(f, removed[f.ordinal()], List.copyOf(asked.getOrDefault(f, Set.of()))));
            }
        }
        return out;
    }

    /** The last filter (in filter order) that removed any candidate one by one. */
    Optional<Filter> furthest() {
        Filter last = null;
        for (Filter f : Filter.values()) {
            if (samples.containsKey(f)) {
                last = f;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Some of the offerings {@code f} removed. */
    List<Offering> sample(Filter f) {
        return samples.getOrDefault(f, List.of());
    }
}
