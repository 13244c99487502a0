package dev.skyrun.gate;

import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates gates against what a stage produced and against the baseline (current stable)
 * release. Pure: no I/O.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@code min}: observed &ge; min; {@code max}: observed &le; max.</li>
 *   <li>{@code vs_baseline}: the direction comes from {@link Direction#of}. {@code tolerance} is
 *       the metric's noise band (default 0): {@code no_worse} passes when the observed value is
 *       at most {@code tolerance} worse than the baseline; {@code better} passes only when it
 *       improves on the baseline by more than {@code tolerance}.</li>
 *   <li>Without a stable baseline (the first release), or when the baseline lacks the metric or
 *       contract, the baseline comparison passes and the reason says so.</li>
 *   <li>A safety gate ({@link GateKind#SAFETY}) needs a rate in [0, 1], at least {@code min}
 *       (default 1.0).</li>
 *   <li>A compatibility gate passes when the contract's sha256 equals the baseline's.</li>
 *   <li>A metric or contract that was not produced is {@link Verdict#MISSING}, never a pass; a
 *       metric gate with {@code on_missing: inconclusive} makes it {@link Verdict#INCONCLUSIVE}.</li>
 *   <li>{@code inconclusive_within} is a band of doubt: a value that misses {@code min}, {@code max}
 *       or the baseline rule by no more than it is INCONCLUSIVE rather than FAIL.</li>
 * </ul>
 */
public final class GateEvaluator {

    private GateEvaluator() {}

    /**
     * Evaluates every gate of one stage.
     *
     * @param stage the stage (or site) name the results are reported under
     * @param gates the stage's gates, in order
     * @param current what this release's stage produced
     * @param baseline what the current stable release's same stage produced, if there is one
     * @return one result per gate, in the gates' order
     */
    public static List<GateResult> evaluate(
            String stage, List<GateSpec> gates, Observation current, Optional<Observation> baseline) {
        List<GateResult> results = new ArrayList<>(gates.size());
        for (GateSpec gate : gates) {
            results.add(GateKind.of(gate) == GateKind.COMPAT
                    ? compat(stage, gate, current, baseline)
                    : metric(stage, gate, current, baseline));
        }
        return List.copyOf(results);
    }

    /** Whether a release with these results may be promoted: every gate passed. */
    public static boolean promotable(List<GateResult> results) {
        return results.stream().allMatch(GateResult::passed);
    }

    /** Whether a release with these results waits for a person: no gate failed, and one is INCONCLUSIVE. */
    public static boolean held(List<GateResult> results) {
        return results.stream().allMatch(r -> r.passed() || r.verdict() == Verdict.INCONCLUSIVE)
                && !promotable(results);
    }

    private static GateResult metric(String stage, GateSpec gate, Observation current, Optional<Observation> baseline) {
        GateKind kind = GateKind.of(gate);
        String metric = gate.metric().orElseThrow(
                () -> new IllegalArgumentException("gate " + gate.name() + " names neither metric nor contract"));
        Optional<Double> min = kind == GateKind.SAFETY ? Optional.of(gate.min().orElse(1.0)) : gate.min();
        Optional<Double> observed = current.metric(metric);
        Optional<Double> base = baseline.flatMap(b -> b.metric(metric));
        Verdicted v = observed.map(o -> judge(kind, gate, min, o, baseline.isPresent(), base))
                .orElse(missing(gate, metric));
        return new GateResult(stage, gate.name(), kind, v.verdict(), Optional.of(metric), Optional.empty(),
                observed, min, gate.max(), gate.vsBaseline(), gate.tolerance(), base,
                Optional.empty(), Optional.empty(), v.reason());
    }

    private static Verdicted judge(GateKind kind, GateSpec gate, Optional<Double> min, double observed,
            boolean hasBaseline, Optional<Double> base) {
        String m = gate.metric().orElseThrow();
        if (!Double.isFinite(observed)) {
            return new Verdicted(Verdict.FAIL, m + " is " + observed + ", not a finite number");
        }
        if (kind == GateKind.SAFETY && (observed < 0 || observed > 1)) {
            return new Verdicted(Verdict.FAIL, m + " = " + fmt(observed) + " is not a pass rate in [0, 1]");
        }
        if (min.isPresent() && observed < min.get()) {
            return missed(gate, min.get() - observed, m + " = " + fmt(observed) + " is below min " + fmt(min.get()));
        }
        if (gate.max().isPresent() && observed > gate.max().get()) {
            return missed(gate, observed - gate.max().get(),
                    m + " = " + fmt(observed) + " is above max " + fmt(gate.max().get()));
        }
        if (gate.vsBaseline().isEmpty()) {
            return new Verdicted(Verdict.PASS, m + " = " + fmt(observed) + " is within its thresholds");
        }
        if (!hasBaseline) {
            return new Verdicted(Verdict.PASS, m + " = " + fmt(observed) + "; no stable baseline yet");
        }
        if (base.isEmpty()) {
            return new Verdicted(Verdict.PASS, m + " = " + fmt(observed) + "; the baseline has no " + m);
        }
        return vsBaseline(gate, m, observed, base.get());
    }

    private static Verdicted vsBaseline(GateSpec gate, String m, double observed, double base) {
        Direction direction = Direction.of(gate);
        double tolerance = gate.tolerance().orElse(0.0);
        double gain = direction.improvement(observed, base);
        BaselineRule rule = gate.vsBaseline().orElseThrow();
        boolean ok = rule == BaselineRule.NO_WORSE ? gain >= -tolerance : gain > tolerance;
        String word = direction == Direction.HIGHER_IS_BETTER ? "higher" : "lower";
        String what = m + " = " + fmt(observed) + " vs baseline " + fmt(base) + " (" + word + " is better"
                + (tolerance == 0 ? "" : ", tolerance " + fmt(tolerance)) + ")";
        if (ok) {
            return new Verdicted(Verdict.PASS, what);
        }
        double shortfall = rule == BaselineRule.NO_WORSE ? -tolerance - gain : tolerance - gain;
        return missed(gate, shortfall, what + (rule == BaselineRule.NO_WORSE ? ": worse than baseline"
                : ": not better than baseline"));
    }

    /** A value that misses by {@code shortfall}: INCONCLUSIVE within the gate's band, else FAIL. */
    private static Verdicted missed(GateSpec gate, double shortfall, String why) {
        if (gate.inconclusiveWithin().filter(band -> shortfall <= band + 1e-9 * Math.max(1, band)).isPresent()) {
            return new Verdicted(Verdict.INCONCLUSIVE, why + ", within the inconclusive band "
                    + fmt(gate.inconclusiveWithin().get()) + ": held for approval");
        }
        return new Verdicted(Verdict.FAIL, why);
    }

    private static Verdicted missing(GateSpec gate, String metric) {
        return gate.onMissing() == GateSpec.MissingRule.INCONCLUSIVE
                ? new Verdicted(Verdict.INCONCLUSIVE, "metric " + metric + " was not produced (on_missing: inconclusive):"
                        + " held for approval")
                : new Verdicted(Verdict.MISSING, "metric " + metric + " was not produced");
    }

    private static GateResult compat(String stage, GateSpec gate, Observation current, Optional<Observation> baseline) {
        String contract = gate.contract().orElseThrow();
        Optional<String> digest = current.contract(contract);
        Optional<String> base = baseline.flatMap(b -> b.contract(contract));
        Verdicted v;
        if (digest.isEmpty()) {
            v = new Verdicted(Verdict.MISSING, "contract " + contract + " was not found");
        } else if (baseline.isEmpty()) {
            v = new Verdicted(Verdict.PASS, "no stable baseline yet; " + contract + " sets it");
        } else if (base.isEmpty()) {
            v = new Verdicted(Verdict.PASS, "the baseline has no digest of " + contract + "; this one sets it");
        } else if (base.get().equals(digest.get())) {
            v = new Verdicted(Verdict.PASS, contract + " is unchanged since the baseline");
        } else {
            v = new Verdicted(Verdict.FAIL, contract + " changed: sha256 " + shortHex(digest.get())
                    + " vs baseline " + shortHex(base.get()));
        }
        return new GateResult(stage, gate.name(), GateKind.COMPAT, v.verdict(), Optional.empty(), Optional.of(contract),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), digest, base, v.reason());
    }

    private static String shortHex(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** A number as a person reads it: no trailing {@code .0}, at most 6 significant decimals. */
    static String fmt(double d) {
        return dev.skyrun.spec.Numbers.text(d);
    }

    private record Verdicted(Verdict verdict, String reason) {}
}
