package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs candidates (offering, alternative) through the filters of one request, keeping the
 * survivors and, per filter, how many it removed and what it was asked.
 *
 * <p>Hot path: one call per candidate, tens of thousands per request. Each alternative is first
 * compiled to plain fields ({@link Check}) so the filters compare strings and numbers only.
 */
final class Evaluation {
    /** How many removed candidates to keep per filter for the infeasible-request message. */
    private static final int SAMPLE = 4096;
    private static final Filter[] FILTERS = Filter.values();

    private final PlanContext context;
    private final String enabledText;
    private final long[] removed = new long[FILTERS.length];
    private final Map<Filter, Set<String>> asked = new EnumMap<>(Filter.class);
    private final Map<Filter, List<Offering>> samples = new EnumMap<>(Filter.class);
    private final Survivors survivors = new Survivors();
    private final boolean[] noted = new boolean[FILTERS.length];
    private Check check;
    private int alternativeIndex = -1;
    private int segment = -1;
    private long candidates;

    Evaluation(PlanContext context) {
        this.context = context;
        this.enabledText = String.join(", ", new TreeSet<>(context.enabledClouds()));
    }

    /** Starts the candidates of the next alternative. */
    void begin(Alternative a) {
        check = new Check(a);
        alternativeIndex++;
        segment++;
        java.util.Arrays.fill(noted, false);
    }

    /**
     * Starts a new segment: candidates from here on are not in name order after the previous
     * ones (the extra offerings after a catalog list). {@code inOrder} false means not even
     * among themselves.
     */
    void newSegment(boolean inOrder) {
        segment = inOrder ? segment + 1 : -1 - alternativeIndex;
    }

    /** Counts {@code n} candidates removed in bulk by {@code filter} (an index left them out). */
    void removeInBulk(Filter filter, long n, String what) {
        if (n > 0) {
            removed[filter.ordinal()] += n;
            candidates += n;
            note(filter, what);
        }
    }

    /**
     * Counts {@code n} candidates of the current alternative that {@code filter} removed, as
     * {@link #consider} would have one by one (an index scan counted them; no samples are kept).
     */
    void removeCounted(Filter filter, long n) {
        if (n > 0) {
            removed[filter.ordinal()] += n;
            candidates += n;
            note(filter, askedOf(filter, check.alternative));
        }
    }

    /** Counts {@code n} candidates of the current alternative that passed every filter (an index scan kept them). */
    void passedCounted(long n) {
        candidates += n;
    }

    /** Runs one candidate of the current alternative through the filters. */
    void consider(Offering o) {
        candidates++;
        Filter f = check.firstFailing(o);
        if (f == null) {
            survivors.add(o, alternativeIndex, segment, check.price(o));
            return;
        }
        int i = f.ordinal();
        removed[i]++;
        List<Offering> sample = samples.computeIfAbsent(f, k -> new ArrayList<>());
        if (sample.size() < SAMPLE) {
            sample.add(o);
        }
        if (!noted[i]) {
            noted[i] = true;
            note(f, askedOf(f, check.alternative));
        }
    }

    private void note(Filter f, String what) {
        if (what != null && !what.isEmpty()) {
            asked.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(what);
        }
    }

    private String askedOf(Filter f, Alternative a) {
        return switch (f) {
            case ACCELERATORS -> a.accelerator().map(AcceleratorChoice::toString).orElse("none");
            case INSTANCE_TYPE -> a.instanceType().orElse(null);
            case ENABLED_CLOUDS -> enabledText;
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

    /** Whether {@code offered} vCPUs or GiB satisfy {@code asked} ({@code orMore}: at least, else exactly). */
    static boolean admits(double asked, boolean orMore, double offered) {
        return orMore ? offered >= asked : offered == asked;
    }

    Survivors survivors() {
        return survivors;
    }

    long candidates() {
        return candidates;
    }

    /** Per filter that removed something, the count and what was asked; in filter order. */
    List<Removal> removals() {
        List<Removal> out = new ArrayList<>();
        for (Filter f : FILTERS) {
            if (removed[f.ordinal()] > 0) {
                out.add(new Removal(f, removed[f.ordinal()], List.copyOf(asked.getOrDefault(f, Set.of()))));
            }
        }
        return out;
    }

    /** The last filter (in filter order) that removed any candidate one by one. */
    Optional<Filter> furthest() {
        Filter last = null;
        for (Filter f : FILTERS) {
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

    /** One alternative as plain fields; null means "not asked". */
    private final class Check {
        final Alternative alternative;
        final String cloud;
        final String region;
        final String zone;
        final String accelerator;
        final double count;
        final String instanceType;
        final double cpus;
        final boolean cpusOrMore;
        final double memory;
        final boolean memoryOrMore;
        final boolean spot;
        final double maxCost;
        final boolean pinsLocal;

        Check(Alternative a) {
            alternative = a;
            cloud = a.cloud().orElse(null);
            region = a.region().orElse(null);
            zone = a.zone().orElse(null);
            accelerator = a.accelerator().map(AcceleratorChoice::name).orElse(null);
            count = a.accelerator().map(AcceleratorChoice::count).orElse(0.0);
            instanceType = a.instanceType().orElse(null);
            cpus = a.cpus().map(q -> q.amount()).orElse(-1.0);
            cpusOrMore = a.cpus().map(q -> q.orMore()).orElse(true);
            memory = a.memory().map(q -> q.amount()).orElse(-1.0);
            memoryOrMore = a.memory().map(q -> q.orMore()).orElse(true);
            spot = a.spot();
            maxCost = a.maxHourlyCost().orElse(Double.POSITIVE_INFINITY);
            pinsLocal = PlanContext.LOCAL.equals(cloud);
        }

        Filter firstFailing(Offering o) {
            if (!acceleratorMatches(o)) {
                return Filter.ACCELERATORS;
            }
            if (instanceType != null && !instanceType.equalsIgnoreCase(o.instanceType())) {
                return Filter.INSTANCE_TYPE;
            }
            if (!enabled(o)) {
                return Filter.ENABLED_CLOUDS;
            }
            Filter place = placeMismatch(o);
            if (place != null) {
                return place;
            }
            boolean sized = !(alternative.defaultSize() && PlanContext.LOCAL.equals(o.cloud())); // this machine as it is
            if (sized && cpus > 0 && o.vcpus() > 0 && !admits(cpus, cpusOrMore, o.vcpus())) {
                return Filter.CPUS;
            }
            if (sized && memory > 0 && o.memoryGib() > 0 && !admits(memory, memoryOrMore, o.memoryGib())) {
                return Filter.MEMORY;
            }
            if (spot && o.spotPrice().isEmpty()) {
                return Filter.USE_SPOT;
            }
            List<BlockedPlacement> blocked = context.blocked();
            for (int i = 0; i < blocked.size(); i++) {
                if (blocked.get(i).blocks(o, spot)) {
                    return Filter.BLOCKED;
                }
            }
            return price(o) > maxCost ? Filter.MAX_HOURLY_COST : null;
        }

        private Filter placeMismatch(Offering o) {
            if (cloud != null && !cloud.equals(o.cloud())) {
                return Filter.CLOUD;
            }
            if (region != null && !region.equals(o.region())) {
                return Filter.REGION;
            }
            if (zone != null && !(o.zone().isPresent() && zone.equals(o.zone().get()))) {
                return Filter.ZONE;
            }
            return null;
        }

        double price(Offering o) {
            return spot ? o.spotPrice().getAsDouble() : o.onDemandPrice();
        }

        private boolean acceleratorMatches(Offering o) {
            if (accelerator == null) {
                return instanceType != null || o.acceleratorName().isEmpty();
            }
            return o.acceleratorCount() == count && o.acceleratorName().isPresent()
                    && o.acceleratorName().get().equalsIgnoreCase(accelerator);
        }

        private String lastCloud;
        private boolean lastEnabled;

        private boolean enabled(Offering o) {
            String c = o.cloud();
            if (c != lastCloud) {
                lastCloud = c;
                lastEnabled = context.enables(c, pinsLocal);
            }
            return lastEnabled;
        }
    }
}
