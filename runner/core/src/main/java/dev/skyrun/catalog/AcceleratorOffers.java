package dev.skyrun.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code skyrun show-gpus} tells: per accelerator and cloud the counts offered and the
 * cheapest offer; for one accelerator, the cheapest offer of each instance type.
 */
public final class AcceleratorOffers {

    /**
     * One accelerator on one cloud.
     *
     * @param accelerator canonical name
     * @param cloud cloud
     * @param counts counts per instance offered
     * @param cheapest the cheapest offering (by the price asked for: spot or on-demand)
     * @param price that offering's price per hour
     */
    public record Summary(String accelerator, String cloud, SortedSet<Double> counts, Offering cheapest, double price) {}

    /**
     * One instance type carrying an accelerator, at its cheapest region.
     *
     * @param offering the cheapest offering of that type (and count)
     * @param price its price per hour (spot or on-demand, as asked)
     * @param regions how many regions (or zones) offer it
     */
    public record TypeOffer(Offering offering, double price, int regions) {}

    private AcceleratorOffers() {}

    /** Per accelerator (by name) and cloud: counts and the cheapest offer; filtered by region and spot. */
    public static List<Summary> summaries(Catalog catalog, Optional<String> region, boolean spot) {
        Map<String, Map<String, List<Offering>>> byNameCloud = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Offering o : catalog.offerings()) {
            if (o.acceleratorName().isPresent() && usable(o, region, spot)) {
                byNameCloud.computeIfAbsent(o.acceleratorName().get(), n -> new TreeMap<>())
                        .computeIfAbsent(o.cloud(), c -> new ArrayList<>()).add(o);
            }
        }
        List<Summary> out = new ArrayList<>();
        byNameCloud.forEach((name, clouds) -> clouds.forEach((cloud, offers) -> {
            SortedSet<Double> counts = new TreeSet<>();
            offers.forEach(o -> counts.add(o.acceleratorCount()));
            Offering best = offers.stream().min(byPrice(spot)).orElseThrow();
            out.add(new Summary(name, cloud, counts, best, price(best, spot)));
        }));
        return out;
    }

    /** For one accelerator (and count, when given): the cheapest offer of each (cloud, instance type, count). */
    public static List<TypeOffer> offers(Catalog catalog, String name, OptionalDouble count, Optional<String> region,
            boolean spot) {
        Map<String, List<Offering>> byType = new LinkedHashMap<>();
        for (Offering o : catalog.withAccelerator(name)) {
            if ((count.isEmpty() || o.acceleratorCount() == count.getAsDouble()) && usable(o, region, spot)) {
                byType.computeIfAbsent(o.cloud() + "|" + o.instanceType() + "|" + o.acceleratorCount(),
                        k -> new ArrayList<>()).add(o);
            }
        }
        List<TypeOffer> out = new ArrayList<>();
        for (List<Offering> offers : byType.values()) {
            Offering best = offers.stream().min(byPrice(spot)).orElseThrow();
            int places = (int) offers.stream().map(o -> o.zone().orElse(o.region())).distinct().count();
            out.add(new TypeOffer(best, price(best, spot), places));
        }
        out.sort(Comparator.comparingDouble(TypeOffer::price)
                .thenComparing(t -> t.offering().cloud())
                .thenComparing(t -> t.offering().instanceType()));
        return out;
    }

    private static boolean usable(Offering o, Optional<String> region, boolean spot) {
        return region.map(o.region()::equals).orElse(true) && (!spot || o.spotPrice().isPresent());
    }

    private static double price(Offering o, boolean spot) {
        return spot ? o.spotPrice().orElseThrow() : o.onDemandPrice();
    }

    private static Comparator<Offering> byPrice(boolean spot) {
        return Comparator.comparingDouble((Offering o) -> price(o, spot))
                .thenComparing(Offering::region)
                .thenComparing(o -> o.zone().orElse(""))
                .thenComparing(Offering::instanceType);
    }
}
