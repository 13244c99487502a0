package dev.skyrun.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Sorts offerings by name: cloud, region, zone, instance type, accelerator count. The optimizer
 * breaks price ties in this order, so the catalog hands out its lists pre-sorted.
 *
 * <p>Fast on 90,000 offerings: each distinct name gets its rank once, the ranks are packed
 * into one {@code long} per offering with its index, and the longs are sorted.
 */
final class NameOrder {
    private static final int INDEX_BITS = 20;

    private NameOrder() {}

    /** {@code offerings} in name order (a new list). */
    static List<Offering> sorted(List<Offering> offerings) {
        int n = offerings.size();
        if (n < 2) {
            return List.copyOf(offerings);
        }
        Map<String, Integer> cloud = ranks(offerings, Offering::cloud);
        Map<String, Integer> region = ranks(offerings, Offering::region);
        Map<String, Integer> zone = ranks(offerings, o -> o.zone().orElse(""));
        Map<String, Integer> type = ranks(offerings, Offering::instanceType);
        Map<Double, Integer> count = new HashMap<>();
        new TreeSet<>(offerings.stream().map(Offering::acceleratorCount).toList()).forEach(c -> count.put(c, count.size()));
        int[] widths = {bits(cloud.size()), bits(region.size()), bits(zone.size()), bits(type.size()), bits(count.size())};
        if (Arrays.stream(widths).sum() + INDEX_BITS > 63 || n >= 1 << INDEX_BITS) {
            List<Offering> out = new ArrayList<>(offerings);
            out.sort(java.util.Comparator.comparing(Offering::cloud).thenComparing(Offering::region)
                    .thenComparing(o -> o.zone().orElse("")).thenComparing(Offering::instanceType)
                    .thenComparingDouble(Offering::acceleratorCount));
            return List.copyOf(out);
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            Offering o = offerings.get(i);
            long k = cloud.get(o.cloud());
            k = (k << widths[1]) | region.get(o.region());
            k = (k << widths[2]) | zone.get(o.zone().orElse(""));
            k = (k << widths[3]) | type.get(o.instanceType());
            k = (k << widths[4]) | count.get(o.acceleratorCount());
            keys[i] = (k << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
        Offering[] out = new Offering[n];
        for (int i = 0; i < n; i++) {
            out[i] = offerings.get((int) (keys[i] & ((1 << INDEX_BITS) - 1)));
        }
        return List.of(out);
    }

    private static Map<String, Integer> ranks(List<Offering> offerings, Function<Offering, String> name) {
        TreeSet<String> distinct = new TreeSet<>();
        String last = null;
        for (Offering o : offerings) {
            String s = name.apply(o);
            if (s != last) {
                distinct.add(s);
                last = s;
            }
        }
        Map<String, Integer> out = new HashMap<>(distinct.size() * 2);
        for (String s : distinct) {
            out.put(s, out.size());
        }
        return out;
    }

    private static int bits(int distinct) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(distinct - 1));
    }
}
