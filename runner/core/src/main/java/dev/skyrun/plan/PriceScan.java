package dev.skyrun.plan;

import dev.skyrun.catalog.PriceOrder;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.TaskSpec;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The optimizer's fast path for a request without accelerators or instance type: a tight loop
 * over the catalog's {@link PriceOrder} columns keeps the rows every filter passes, already in
 * rank order (price, then name), and counts what each filter removed on the way.
 *
 * <p>The scan runs only as far as it is read: the first placement costs the rows cheaper than
 * it; the size of the list and the removal counts finish the scan. It answers exactly as the
 * general path would, and declines (empty) what it does not cover: several alternatives, a
 * pinned region or zone, extra offerings, blocked places, prices the index cannot order, or
 * nothing feasible (the general path then explains why).
 */
final class PriceScan {
    private final PriceOrder rows;
    private final double cpus;
    private final boolean cpusOrMore;
    private final double memory;
    private final boolean memoryOrMore;
    private final double maxCost;
    private final boolean[] enabled;
    private final long[] removed = new long[Filter.values().length];
    private int[] kept = new int[64];
    private int keptCount;
    private int scanned;

    private PriceScan(Alternative a, PriceOrder rows, PlanContext context) {
        this.rows = rows;
        cpus = a.cpus().map(q -> q.amount()).orElse(-1.0);
        cpusOrMore = a.cpus().map(q -> q.orMore()).orElse(true);
        memory = a.memory().map(q -> q.amount()).orElse(-1.0);
        memoryOrMore = a.memory().map(q -> q.orMore()).orElse(true);
        maxCost = a.maxHourlyCost().orElse(Double.POSITIVE_INFINITY);
        List<String> clouds = rows.cloudNames();
        boolean pinsLocal = PlanContext.LOCAL.equals(a.cloud().orElse(null));
        enabled = new boolean[clouds.size()];
        for (int i = 0; i < enabled.length; i++) {
            enabled[i] = context.enables(clouds.get(i), pinsLocal);
        }
    }

    /** The plan of {@code task} by an index scan, or empty when the general path must make it. */
    static Optional<TaskPlan> plan(TaskSpec task, List<String> asked, List<Alternative> alternatives,
            PlanContext context) {
        if (alternatives.size() != 1 || !context.extraOfferings().isEmpty() || !context.blocked().isEmpty()) {
            return Optional.empty();
        }
        Alternative a = alternatives.get(0);
        if (a.accelerator().isPresent() || a.instanceType().isPresent() || a.region().isPresent()
                || a.zone().isPresent()) {
            return Optional.empty();
        }
        PriceOrder rows = context.catalog().cpuOnlyByPrice(a.cloud(), a.spot());
        if (!rows.complete()) {
            return Optional.empty();
        }
        PriceScan scan = new PriceScan(a, rows, context);
        if (scan.keptUpTo(1) == 0) {
            return Optional.empty();
        }
        Evaluation eval = new Evaluation(context);
        eval.begin(a);
        Optimizer.removeOutsideSource(eval, a, context.catalog(), rows.size());
        long candidates = eval.candidates() + rows.size();
        List<Placement> placements = new Kept(scan, a, task.numNodes());
        return Optional.of(new TaskPlan(task.name(), task.numNodes(), asked, placements,
                new Removals(scan, eval), candidates));
    }

    /** Scans until {@code want} rows are kept or every row is scanned; returns how many are kept. */
    private synchronized int keptUpTo(int want) {
        int n = rows.size();
        while (keptCount < want && scanned < n) {
            int r = scanned++;
            Filter f = firstFailing(r);
            if (f != null) {
                removed[f.ordinal()]++;
            } else {
                if (keptCount == kept.length) {
                    kept = Arrays.copyOf(kept, Math.min(n, keptCount * 2));
                }
                kept[keptCount++] = r;
            }
        }
        return keptCount;
    }

    private synchronized int kept(int index) {
        return kept[index];
    }

    /** The filters of {@link Evaluation} a row of a CPU-only index can fail, in the same order. */
    private Filter firstFailing(int r) {
        if (!enabled[rows.cloud(r)]) {
            return Filter.ENABLED_CLOUDS;
        }
        double v = rows.vcpus(r);
        if (cpus > 0 && v > 0 && !Evaluation.admits(cpus, cpusOrMore, v)) {
            return Filter.CPUS;
        }
        double m = rows.memoryGib(r);
        if (memory > 0 && m > 0 && !Evaluation.admits(memory, memoryOrMore, m)) {
            return Filter.MEMORY;
        }
        double price = rows.price(r);
        if (Double.isNaN(price)) {
            return Filter.USE_SPOT;
        }
        return price > maxCost ? Filter.MAX_HOURLY_COST : null;
    }

    /** The kept rows as placements, scanned for and made as they are read. */
    private static final class Kept extends AbstractList<Placement> implements RandomAccess {
        private final PriceScan scan;
        private final Alternative a;
        private final int nodes;

        Kept(PriceScan scan, Alternative a, int nodes) {
            this.scan = scan;
            this.a = a;
            this.nodes = nodes;
        }

        @Override
        public Placement get(int index) {
            Objects.checkIndex(index, scan.keptUpTo(index + 1));
            int r = scan.kept(index);
            return Ranking.placement(scan.rows.offering(r), a, scan.rows.price(r), nodes);
        }

        @Override
        public int size() {
            return scan.keptUpTo(Integer.MAX_VALUE);
        }

        @Override
        public boolean isEmpty() {
            return scan.keptUpTo(1) == 0;
        }
    }

    /** The removal counts, made when first read (they need the whole scan). */
    private static final class Removals extends AbstractList<Removal> implements RandomAccess {
        private final PriceScan scan;
        private final Evaluation eval;
        private List<Removal> counted;

        Removals(PriceScan scan, Evaluation eval) {
            this.scan = scan;
            this.eval = eval;
        }

        private synchronized List<Removal> counted() {
            if (counted == null) {
                scan.keptUpTo(Integer.MAX_VALUE);
                for (Filter f : Filter.values()) {
                    eval.removeCounted(f, scan.removed[f.ordinal()]);
                }
                counted = eval.removals();
            }
            return counted;
        }

        @Override
        public Removal get(int index) {
            return counted().get(index);
        }

        @Override
        public int size() {
            return counted().size();
        }
    }
}
