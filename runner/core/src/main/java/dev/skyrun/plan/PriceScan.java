package dev.skyrun.plan;

import dev.skyrun.catalog.PriceOrder;
import dev.skyrun.spec.TaskSpec;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The optimizer's fast path for a request without accelerators or instance type: one tight loop
 * over the catalog's {@link PriceOrder} columns keeps the rows every filter passes, already in
 * rank order (price, then name), and counts what each filter removed on the way.
 *
 * <p>It answers exactly as the general path would, and declines (empty) what it does not cover:
 * several alternatives, a pinned region or zone, extra offerings, blocked places, prices the
 * index cannot order, or nothing feasible (the general path then explains why).
 */
final class PriceScan {
    private final double cpus;
    private final boolean cpusOrMore;
    private final double memory;
    private final boolean memoryOrMore;
    private final double maxCost;
    private final boolean[] enabled;
    private final long[] removed = new long[Filter.values().length];

    private PriceScan(Alternative a, PriceOrder rows, PlanContext context) {
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
        int[] kept = scan.keep(rows);
        if (kept.length == 0) {
            return Optional.empty();
        }
        Evaluation eval = new Evaluation(context);
        eval.begin(a);
        Optimizer.removeOutsideSource(eval, a, context.catalog(), rows.size());
        for (Filter f : Filter.values()) {
            eval.removeCounted(f, scan.removed[f.ordinal()]);
        }
        eval.passedCounted(kept.length);
        List<Placement> placements = new Kept(rows, kept, a, task.numNodes());
        return Optional.of(new TaskPlan(task.name(), task.numNodes(), asked, placements, eval.removals(),
                eval.candidates()));
    }

    /** The rows every filter passes, in row order; counts the others per first failing filter. */
    private int[] keep(PriceOrder rows) {
        int n = rows.size();
        int[] kept = new int[n];
        int k = 0;
        for (int r = 0; r < n; r++) {
            Filter f = firstFailing(rows, r);
            if (f == null) {
                kept[k++] = r;
            } else {
                removed[f.ordinal()]++;
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /** The filters of {@link Evaluation} a row of a CPU-only index can fail, in the same order. */
    private Filter firstFailing(PriceOrder rows, int r) {
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

    /** The kept rows as placements, made one by one as they are read. */
    private static final class Kept extends AbstractList<Placement> implements RandomAccess {
        private final PriceOrder rows;
        private final int[] kept;
        private final Alternative a;
        private final int nodes;

        Kept(PriceOrder rows, int[] kept, Alternative a, int nodes) {
            this.rows = rows;
            this.kept = kept;
            this.a = a;
            this.nodes = nodes;
        }

        @Override
        public Placement get(int index) {
            int r = kept[index];
            return Ranking.placement(rows.offering(r), a, rows.price(r), nodes);
        }

        @Override
        public int size() {
            return kept.length;
        }
    }
}
