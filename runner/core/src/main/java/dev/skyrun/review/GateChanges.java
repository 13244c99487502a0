package dev.skyrun.review;

import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The gates of a task or stage compared by name; a gate that lets more through than before (a
 * lower {@code min}, a higher {@code max}, a wider tolerance, a baseline rule or a contract
 * dropped, the gate removed) is marked loosened with what moved.
 */
final class GateChanges {

    private GateChanges() {}

    static List<Change> between(List<GateSpec> before, List<GateSpec> after) {
        Map<String, GateSpec> old = byName(before);
        Map<String, GateSpec> now = byName(after);
        List<Change> out = new ArrayList<>();
        old.forEach((name, g) -> {
            GateSpec n = now.get(name);
            if (n == null) {
                out.add(new Change("gate " + name, Optional.of(describe(g)), Optional.empty(),
                        Optional.of("gate removed"), true));
            } else if (!n.equals(g)) {
                List<String> loosened = loosened(g, n);
                out.add(new Change("gate " + name, Optional.of(describe(g)), Optional.of(describe(n)),
                        loosened.isEmpty() ? Optional.empty() : Optional.of("loosened: " + String.join("; ", loosened)),
                        !loosened.isEmpty()));
            }
        });
        now.forEach((name, g) -> {
            if (!old.containsKey(name)) {
                out.add(new Change("gate " + name, Optional.empty(), Optional.of(describe(g)), Optional.of("gate added"),
                        false));
            }
        });
        return out;
    }

    /** What in {@code after} lets more through than {@code before}; empty when nothing does. */
    static List<String> loosened(GateSpec before, GateSpec after) {
        List<String> out = new ArrayList<>();
        before.min().ifPresent(m -> {
            if (after.min().isEmpty() || after.min().get() < m) {
                out.add("min " + num(m) + " -> " + after.min().map(GateChanges::num).orElse("none"));
            }
        });
        before.max().ifPresent(m -> {
            if (after.max().isEmpty() || after.max().get() > m) {
                out.add("max " + num(m) + " -> " + after.max().map(GateChanges::num).orElse("none"));
            }
        });
        before.vsBaseline().ifPresent(r -> {
            if (after.vsBaseline().isEmpty() || (r == BaselineRule.BETTER && after.vsBaseline().get() != r)) {
                out.add("vs_baseline " + rule(r) + " -> " + after.vsBaseline().map(GateChanges::rule).orElse("none"));
            }
        });
        if (after.vsBaseline().isPresent() && after.tolerance().orElse(0.0) > before.tolerance().orElse(0.0)) {
            out.add("tolerance " + num(before.tolerance().orElse(0.0)) + " -> " + num(after.tolerance().orElse(0.0)));
        }
        if (before.contract().isPresent() && after.contract().isEmpty()) {
            out.add("contract " + before.contract().get() + " -> none");
        }
        return out;
    }

    /** A gate as one line: {@code eval_accuracy >= 0.82, no_worse vs baseline (tolerance 0.01)}. */
    static String describe(GateSpec g) {
        List<String> parts = new ArrayList<>();
        g.metric().ifPresent(m -> {
            g.min().ifPresent(v -> parts.add(m + " >= " + num(v)));
            g.max().ifPresent(v -> parts.add(m + " <= " + num(v)));
            g.vsBaseline().ifPresent(r -> parts.add(m + " " + rule(r) + " vs baseline"
                    + g.tolerance().map(t -> " (tolerance " + num(t) + ")").orElse("")));
            if (parts.isEmpty()) {
                parts.add(m);
            }
        });
        g.contract().ifPresent(c -> parts.add("contract " + c + " unchanged"));
        return String.join(", ", parts);
    }

    private static String rule(BaselineRule r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Map<String, GateSpec> byName(List<GateSpec> gates) {
        Map<String, GateSpec> out = new LinkedHashMap<>();
        gates.forEach(g -> out.put(g.name(), g));
        return out;
    }
}
