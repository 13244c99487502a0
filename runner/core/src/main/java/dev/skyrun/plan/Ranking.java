package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * Orders survivors: alternative rank, then price, then for spot {@link Offering#SPOT_TIE} (on-demand
 * price, then size), then cloud, region, zone, instance type, spot, accelerator count; an offering
 * reached by several alternatives keeps its best place only.
 *
 * <p>Most of the work is sorting packed {@code long} keys (rank, price in micro-dollars,
 * index); only runs of equal price are compared by name. Placements are made when read, and for a
 * single alternative the sort itself happens as they are read ({@link LazyOrder}).
 */
final class Ranking {
    private static final int INDEX_BITS = 20;
    private static final int PRICE_BITS = 36;
    private static final int RANK_BITS = 63 - INDEX_BITS - PRICE_BITS;

    private Ranking() {}

    /** The placements of {@code s}, best first, each for {@code nodes} nodes. */
    static List<Placement> rank(Survivors s, List<Alternative> alternatives, int nodes) {
        int[] denseRank = denseRanks(alternatives);
        long[] packed = packedKeys(s, denseRank);
        if (packed != null && alternatives.size() == 1) {
            LazyOrder lazy = new LazyOrder(packed, INDEX_BITS, (keys, from, to) -> fixRun(s, alternatives, keys, from, to));
            return new PlacementList(s, alternatives, lazy::indexAt, lazy.size(), nodes);
        }
        int[] order = packed != null ? packedOrder(s, alternatives, packed) : comparatorOrder(s, alternatives, denseRank);
        if (alternatives.size() > 1) {
            order = dedupe(s, alternatives, order);
        }
        int[] eager = order;
        return new PlacementList(s, alternatives, i -> eager[i], eager.length, nodes);
    }

    /**
     * One key per survivor: dense rank, price in micro-dollars and index packed in a {@code long};
     * null when something does not fit (then a comparator orders them).
     */
    private static long[] packedKeys(Survivors s, int[] denseRank) {
        if (s.size >= 1 << INDEX_BITS || Arrays.stream(denseRank).max().orElse(0) >= 1 << RANK_BITS) {
            return null;
        }
        long[] keys = new long[s.size];
        for (int i = 0; i < s.size; i++) {
            double price = s.prices[i];
            long micros = micros(price);
            if (!(price >= 0) || micros >= 1L << PRICE_BITS) {
                return null;
            }
            keys[i] = ((long) denseRank[s.alternatives[i]] << (PRICE_BITS + INDEX_BITS)) | (micros << INDEX_BITS) | i;
        }
        return keys;
    }

    /** Orders a run of equal-priced keys by name, unless they came in name order already. */
    private static void fixRun(Survivors s, List<Alternative> alternatives, long[] keys, int from, int to) {
        long mask = (1L << INDEX_BITS) - 1;
        int[] run = new int[to - from];
        for (int i = from; i < to; i++) {
            run[i - from] = (int) (keys[i] & mask);
        }
        if (oneOrderedSegment(s, alternatives, run, 0, run.length)) {
            return;
        }
        sortRun(run, 0, run.length, tieBreak(s, alternatives));
        long high = keys[from] & ~mask;
        for (int i = from; i < to; i++) {
            keys[i] = high | run[i - from];
        }
    }

    private static int[] denseRanks(List<Alternative> alternatives) {
        TreeSet<Integer> ranks = new TreeSet<>();
        alternatives.forEach(a -> ranks.add(a.rank()));
        List<Integer> sorted = List.copyOf(ranks);
        return alternatives.stream().mapToInt(a -> Collections.binarySearch(sorted, a.rank())).toArray();
    }

    private static long micros(double price) {
        return Math.round(price * 1e6);
    }

    private static int[] packedOrder(Survivors s, List<Alternative> alternatives, long[] keys) {
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        long mask = (1L << INDEX_BITS) - 1;
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        Comparator<Integer> tie = tieBreak(s, alternatives);
        int start = 0;
        for (int i = 1; i <= keys.length; i++) {
            if (i == keys.length || (keys[i] >>> INDEX_BITS) != (keys[start] >>> INDEX_BITS)) {
                if (i - start > 1 && !oneOrderedSegment(s, alternatives, order, start, i)) {
                    sortRun(order, start, i, tie);
                }
                start = i;
            }
        }
        return order;
    }

    /**
     * Whether a run of equal keys came from one segment in name order and ties on
     * {@link #spotTie} too (then index order is the tie-break's order).
     */
    private static boolean oneOrderedSegment(Survivors s, List<Alternative> alternatives, int[] order, int from, int to) {
        int segment = s.segments[order[from]];
        if (segment < 0) {
            return false;
        }
        Comparator<Integer> spotTie = spotTie(s, alternatives);
        for (int i = from + 1; i < to; i++) {
            if (s.segments[order[i]] != segment || spotTie.compare(order[from], order[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void sortRun(int[] order, int from, int to, Comparator<Integer> tie) {
        Integer[] run = new Integer[to - from];
        for (int i = from; i < to; i++) {
            run[i - from] = order[i];
        }
        Arrays.sort(run, tie);
        for (int i = from; i < to; i++) {
            order[i] = run[i - from];
        }
    }

    private static int[] comparatorOrder(Survivors s, List<Alternative> alternatives, int[] denseRank) {
        Integer[] idx = new Integer[s.size];
        for (int i = 0; i < s.size; i++) {
            idx[i] = i;
        }
        Comparator<Integer> byRank = Comparator.comparingInt(i -> denseRank[s.alternatives[i]]);
        Arrays.sort(idx, byRank.thenComparing(tieBreak(s, alternatives)));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    private static Comparator<Integer> tieBreak(Survivors s, List<Alternative> alternatives) {
        return Comparator.<Integer>comparingDouble(i -> s.prices[i])
                .thenComparing(spotTie(s, alternatives))
                .thenComparing(i -> s.offerings[i].cloud())
                .thenComparing(i -> s.offerings[i].region())
                .thenComparing(i -> s.offerings[i].zone().orElse(""))
                .thenComparing(i -> s.offerings[i].instanceType())
                .thenComparing(i -> s.offerings[i].acceleratorCount());
    }

    /** Spot offerings of equal price by {@link Offering#SPOT_TIE}, after on-demand ones (which tie among themselves). */
    private static Comparator<Integer> spotTie(Survivors s, List<Alternative> alternatives) {
        return Comparator.comparing(i -> alternatives.get(s.alternatives[i]).spot() ? s.offerings[i] : null,
                Comparator.nullsFirst(Offering.SPOT_TIE));
    }

    private static int[] dedupe(Survivors s, List<Alternative> alternatives, int[] order) {
        Set<Offering> spot = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Offering> onDemand = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] out = new int[order.length];
        int n = 0;
        for (int i : order) {
            Set<Offering> seen = alternatives.get(s.alternatives[i]).spot() ? spot : onDemand;
            if (seen.add(s.offerings[i])) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The placement of offering {@code o} reached by alternative {@code a} at {@code price} per node. */
    static Placement placement(Offering o, Alternative a, double price, int nodes) {
        Optional<AcceleratorChoice> acc = o.acceleratorCount() > 0
                ? o.acceleratorName().map(n -> new AcceleratorChoice(n, o.acceleratorCount()))
                : Optional.empty();
        return new Placement(o.cloud(), o.region(), o.zone(), o.instanceType(), a.spot(), acc, o.vcpus(),
                o.memoryGib(), price, nodes, a.label(), Optional.of(a.options()));
    }

    /** The ranked placements, made one by one as they are read. */
    private static final class PlacementList extends AbstractList<Placement> implements RandomAccess {
        private final Survivors s;
        private final List<Alternative> alternatives;
        private final IntUnaryOperator order;
        private final int size;
        private final int nodes;

        PlacementList(Survivors s, List<Alternative> alternatives, IntUnaryOperator order, int size, int nodes) {
            this.s = s;
            this.alternatives = alternatives;
            this.order = order;
            this.size = size;
            this.nodes = nodes;
        }

        @Override
        public Placement get(int index) {
            java.util.Objects.checkIndex(index, size);
            int i = order.applyAsInt(index);
            return placement(s.offerings[i], alternatives.get(s.alternatives[i]), s.prices[i], nodes);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
