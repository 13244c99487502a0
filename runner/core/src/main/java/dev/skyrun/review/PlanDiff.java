package dev.skyrun.review;

import dev.skyrun.cloud.Placement;
import dev.skyrun.review.PlannedSpec.Unit;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a change to a spec changes, as {@code plan --diff} shows it: per task or stage, the
 * placements gained and lost, the first choice, $/h and the worst case, what it asks, regions,
 * recovery, image, mounts, secret names, needs and gates (loosened gates called out). Pure:
 * both sides are planned by the caller on the same catalog.
 *
 * <pre>{@code
 * PlanDiff d = PlanDiff.between(Optional.of(new PlannedSpec(old, oldPlans)), new PlannedSpec(now, nowPlans));
 * if (d.changed()) { ... }
 * }</pre>
 *
 * @param units one entry per task or stage of either side: the new spec's order, then removed ones
 */
public record PlanDiff(List<UnitDiff> units) {
    public PlanDiff {
        units = List.copyOf(units);
    }

    /** Whether anything differs. */
    public boolean changed() {
        return units.stream().anyMatch(u -> u.status() != Status.UNCHANGED);
    }

    /** Whether a gate anywhere lets more through than before. */
    public boolean loosened() {
        return units.stream().anyMatch(UnitDiff::loosened);
    }

    /** The difference from {@code before} (empty: the spec is new) to {@code after}. */
    public static PlanDiff between(Optional<PlannedSpec> before, PlannedSpec after) {
        List<Unit> now = after.units();
        List<Unit> old = before.map(PlannedSpec::units).orElse(List.of());
        boolean tasks = before.isPresent() && before.get().spec() instanceof TaskSpec && after.spec() instanceof TaskSpec;
        Map<String, Unit> oldByName = new LinkedHashMap<>();
        old.forEach(u -> oldByName.put(u.name(), u));
        List<UnitDiff> out = new ArrayList<>();
        for (Unit u : now) {
            Unit was = tasks ? old.get(0) : oldByName.remove(u.name());
            oldByName.remove(was == null ? u.name() : was.name());
            out.add(was == null ? added(u) : compare(was, u));
        }
        oldByName.values().forEach(u -> out.add(removed(u)));
        return new PlanDiff(out);
    }

    private static UnitDiff compare(Unit was, Unit now) {
        List<Change> changes = new ArrayList<>();
        if (!was.name().equals(now.name())) {
            changes.add(Change.of("name", Optional.of(was.name()), Optional.of(now.name())));
        }
        changes.addAll(facts(TaskFacts.of(was), TaskFacts.of(now)));
        changes.addAll(GateChanges.between(was.task().gates(), now.task().gates()));
        Set<String> before = keys(was);
        Set<String> after = keys(now);
        List<String> gained = after.stream().filter(k -> !before.contains(k)).toList();
        List<String> lost = before.stream().filter(k -> !after.contains(k)).toList();
        boolean same = changes.isEmpty() && gained.isEmpty() && lost.isEmpty();
        return new UnitDiff(now.name(), same ? Status.UNCHANGED : Status.CHANGED, changes, gained, lost);
    }

    private static UnitDiff added(Unit u) {
        return whole(u, Status.ADDED);
    }

    private static UnitDiff removed(Unit u) {
        return whole(u, Status.REMOVED);
    }

    /** A task or stage only one side has: each of its facts and gates as added or removed. */
    private static UnitDiff whole(Unit u, Status status) {
        boolean add = status == Status.ADDED;
        List<Change> changes = new ArrayList<>();
        TaskFacts.of(u).forEach((k, v) -> changes.add(Change.of(k, add ? Optional.empty() : Optional.of(v),
                add ? Optional.of(v) : Optional.empty())));
        List<GateSpec> none = List.of();
        changes.addAll(add ? GateChanges.between(none, u.task().gates()) : GateChanges.between(u.task().gates(), none));
        List<String> placements = List.copyOf(keys(u));
        return new UnitDiff(u.name(), status, changes, add ? placements : List.of(), add ? List.of() : placements);
    }

    /** The facts that differ; prices with their delta. */
    private static List<Change> facts(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : keys) {
            Optional<String> b = Optional.ofNullable(before.get(k));
            Optional<String> a = Optional.ofNullable(after.get(k));
            if (!b.equals(a)) {
                out.add(new Change(k, b, a, note(k, b, a), false));
            }
        }
        return out;
    }

    /** A price's delta ({@code +2.8519 (+1063.9%)}); a list's items gained and lost. */
    private static Optional<String> note(String key, Optional<String> before, Optional<String> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        if (key.equals(TaskFacts.PRICE) || key.equals(TaskFacts.WORST)) {
            double b = Double.parseDouble(before.get());
            double a = Double.parseDouble(after.get());
            String pct = b == 0 ? "" : String.format(Locale.ROOT, " (%+.1f%%)", (a - b) / b * 100);
            return Optional.of(String.format(Locale.ROOT, "%+.4f", a - b) + pct);
        }
        return TaskFacts.LISTS.contains(key) ? ListNote.of(before.get(), after.get()) : Optional.empty();
    }

    private static Set<String> keys(Unit u) {
        Set<String> out = new LinkedHashSet<>();
        for (Placement p : u.plan().placements()) {
            out.add(TaskFacts.key(p));
        }
        return out;
    }
}
