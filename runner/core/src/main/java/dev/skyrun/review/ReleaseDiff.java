package dev.skyrun.review;

import dev.skyrun.gate.GateResult;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What differs between two release manifests, as {@code skyrun diff} and {@code rollback --dry-run}
 * show it: the spec digest, the catalog, the verdict, each stage's image and metrics, each artifact's
 * digest, each gate's verdict and the estimated cost. Pure.
 *
 * <pre>{@code
 * ReleaseDiff d = ReleaseDiff.between(current, target);   // what a rollback to target changes
 * }</pre>
 *
 * @param before the first release ({@code NAME@VERSION}, or the manifest's file)
 * @param after the second release
 * @param changes what differs, in a fixed order
 */
public record ReleaseDiff(String before, String after, List<Change> changes) {
    public ReleaseDiff {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        changes = List.copyOf(changes);
    }

    /** Whether anything differs. */
    public boolean changed() {
        return !changes.isEmpty();
    }

    /** The difference from manifest {@code a} to manifest {@code b}. */
    public static ReleaseDiff between(Manifest a, Manifest b) {
        List<Change> out = new ArrayList<>();
        add(out, "verdict", Optional.of(a.verdict().name()), Optional.of(b.verdict().name()));
        add(out, "spec sha256", a.spec().map(SpecRecord::sha256), b.spec().map(SpecRecord::sha256));
        add(out, "catalog", a.catalogVersion(), b.catalogVersion());
        compare(out, "image", stages(a), stages(b), s -> s.image().orElse(null));
        compare(out, "artifact", artifacts(a), artifacts(b), e -> e.digest().sha256());
        compare(out, "metric", metrics(a), metrics(b), v -> v);
        compare(out, "gate", gates(a), gates(b), g -> g.verdict().name());
        add(out, "estimated cost $", cost(a), cost(b));
        return new ReleaseDiff(a.release().toString(), b.release().toString(), out);
    }

    private static void add(List<Change> out, String what, Optional<String> before, Optional<String> after) {
        if (!before.equals(after)) {
            out.add(Change.of(what, before, after));
        }
    }

    /** Entries of both sides compared by key through {@code value}. */
    private static <T> void compare(List<Change> out, String what, Map<String, T> a, Map<String, T> b,
            Function<T, String> value) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            add(out, what + " " + k, Optional.ofNullable(a.get(k)).map(value), Optional.ofNullable(b.get(k)).map(value));
        }
    }

    private static Map<String, StageRecord> stages(Manifest m) {
        Map<String, StageRecord> out = new LinkedHashMap<>();
        m.stages().forEach(s -> out.put(s.name(), s));
        return out;
    }

    private static Map<String, ArtifactEntry> artifacts(Manifest m) {
        Map<String, ArtifactEntry> out = new LinkedHashMap<>();
        m.artifacts().forEach(e -> out.put(e.id(), e));
        return out;
    }

    private static Map<String, String> metrics(Manifest m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.stages().forEach(s -> s.metrics().forEach((k, v) -> out.put(s.name() + "/" + k, GateChanges.num(v))));
        return out;
    }

    private static Map<String, GateResult> gates(Manifest m) {
        Map<String, GateResult> out = new LinkedHashMap<>();
        m.gates().forEach(g -> out.put(g.stage() + "/" + g.name(), g));
        return out;
    }

    /** The sum of the stages' estimated costs (each stage's artifacts share its cost), when any is known. */
    private static Optional<String> cost(Manifest m) {
        Map<String, Double> byStage = new LinkedHashMap<>();
        m.artifacts().forEach(e -> e.estimatedCostUsd().ifPresent(c -> byStage.putIfAbsent(e.stage(), c)));
        return byStage.isEmpty() ? Optional.empty()
                : Optional.of(String.format(Locale.ROOT, "%.4f", byStage.values().stream().mapToDouble(Double::doubleValue).sum()));
    }
}
