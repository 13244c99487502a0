package dev.skyrun.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

    static GateSpec metric(String name, String metric, Double min, Double max, BaselineRule rule, Double tolerance) {
        return new GateSpec(name, Optional.of(metric), Optional.ofNullable(min), Optional.ofNullable(max),
                Optional.ofNullable(rule), Optional.ofNullable(tolerance), Optional.empty());
    }

    static GateSpec compat(String name, String contract) {
        return new GateSpec(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(contract));
    }

    static Observation metrics(Map<String, Double> m) {
        return new Observation(m, Map.of());
    }

    private static GateResult one(GateSpec g, Observation current, Optional<Observation> baseline) {
        return GateEvaluator.evaluate("s", List.of(g), current, baseline).get(0);
    }

    @Test
    void minAndMaxThresholdsPassAtTheBoundaryAndFailBeyondIt() {
        GateSpec quality = metric("quality", "acc", 0.82, null, null, null);
        GateSpec latency = metric("latency", "p95_ms", null, 250.0, null, null);
        assertThat(one(quality, metrics(Map.of("acc", 0.82)), Optional.empty()).verdict()).isEqualTo(Verdict.PASS);
        GateResult low = one(quality, metrics(Map.of("acc", 0.81)), Optional.empty());
        assertThat(low.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(low.observed()).contains(0.81);
        assertThat(low.min()).contains(0.82);
        assertThat(low.reason()).isEqualTo("acc = 0.81 is below min 0.82");
        assertThat(one(latency, metrics(Map.of("p95_ms", 250.0)), Optional.empty()).verdict()).isEqualTo(Verdict.PASS);
        assertThat(one(latency, metrics(Map.of("p95_ms", 251.0)), Optional.empty()).reason())
                .isEqualTo("p95_ms = 251 is above max 250");
    }

    @Test
    void anAbsentMetricIsMissingAndBlocksPromotion() {
        GateResult r = one(metric("quality", "acc", 0.5, null, null, null), metrics(Map.of("other", 1.0)), Optional.empty());
        assertThat(r.verdict()).isEqualTo(Verdict.MISSING);
        assertThat(r.observed()).isEmpty();
        assertThat(GateEvaluator.promotable(List.of(r))).isFalse();
    }

    @Test
    void noWorseUsesTheDirectionFromMinOrMaxAndTheTolerance() {
        GateSpec higher = metric("quality", "acc", 0.5, null, BaselineRule.NO_WORSE, 0.01);
        Optional<Observation> base = Optional.of(metrics(Map.of("acc", 0.90, "p95_ms", 200.0)));
        assertThat(one(higher, metrics(Map.of("acc", 0.891)), base).verdict()).isEqualTo(Verdict.PASS);
        GateResult worse = one(higher, metrics(Map.of("acc", 0.88)), base);
        assertThat(worse.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(worse.baseline()).contains(0.90);
        assertThat(worse.reason()).contains("vs baseline 0.9", "higher is better", "worse than baseline");

        GateSpec lower = metric("latency", "p95_ms", null, 500.0, BaselineRule.NO_WORSE, null);
        assertThat(one(lower, metrics(Map.of("p95_ms", 190.0)), base).verdict()).isEqualTo(Verdict.PASS);
        assertThat(one(lower, metrics(Map.of("p95_ms", 210.0)), base).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void betterNeedsAnImprovementBeyondTheTolerance() {
        GateSpec g = metric("quality", "acc", null, null, BaselineRule.BETTER, 0.01);
        Optional<Observation> base = Optional.of(metrics(Map.of("acc", 0.90)));
        assertThat(one(g, metrics(Map.of("acc", 0.905)), base).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(one(g, metrics(Map.of("acc", 0.90)), base).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(one(g, metrics(Map.of("acc", 0.92)), base).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void withoutABaselineTheComparisonPassesAndSaysWhy() {
        GateResult r = one(metric("quality", "acc", null, null, BaselineRule.BETTER, null), metrics(Map.of("acc", 0.1)),
                Optional.empty());
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.reason()).contains("no stable baseline yet");
        assertThat(r.baseline()).isEmpty();
    }

    @Test
    void safetyGateNeedsEveryCaseToPassByDefaultAndARate() {
        GateSpec safety = metric("safety", "safety_pass_rate", null, null, null, null);
        assertThat(GateKind.of(safety)).isEqualTo(GateKind.SAFETY);
        assertThat(one(safety, metrics(Map.of("safety_pass_rate", 1.0)), Optional.empty()).verdict()).isEqualTo(Verdict.PASS);
        GateResult r = one(safety, metrics(Map.of("safety_pass_rate", 0.999)), Optional.empty());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.min()).contains(1.0);
        GateSpec lenient = metric("safety", "safety_pass_rate", 0.9, null, null, null);
        assertThat(one(lenient, metrics(Map.of("safety_pass_rate", 97.0)), Optional.empty()).reason())
                .contains("not a pass rate");
    }

    @Test
    void compatGateComparesTheContractDigestWithTheBaselines() {
        GateSpec g = compat("compat", "contracts/api.json");
        Observation now = new Observation(Map.of(), Map.of("contracts/api.json", "a".repeat(64)));
        assertThat(one(g, now, Optional.empty()).verdict()).isEqualTo(Verdict.PASS);
        Observation same = new Observation(Map.of(), Map.of("contracts/api.json", "a".repeat(64)));
        assertThat(one(g, now, Optional.of(same)).verdict()).isEqualTo(Verdict.PASS);
        Observation other = new Observation(Map.of(), Map.of("contracts/api.json", "b".repeat(64)));
        GateResult changed = one(g, now, Optional.of(other));
        assertThat(changed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(changed.kind()).isEqualTo(GateKind.COMPAT);
        assertThat(changed.observedDigest()).contains("a".repeat(64));
        assertThat(changed.baselineDigest()).contains("b".repeat(64));
        assertThat(one(g, Observation.EMPTY, Optional.of(other)).verdict()).isEqualTo(Verdict.MISSING);
    }

    @Test
    void promotionNeedsEveryGateToPass() {
        List<GateResult> results = GateEvaluator.evaluate("s",
                List.of(metric("a", "x", 1.0, null, null, null), metric("b", "y", 1.0, null, null, null)),
                metrics(Map.of("x", 2.0, "y", 0.0)), Optional.empty());
        assertThat(results).extracting(GateResult::verdict).containsExactly(Verdict.PASS, Verdict.FAIL);
        assertThat(GateEvaluator.promotable(results)).isFalse();
        assertThat(GateEvaluator.promotable(results.subList(0, 1))).isTrue();
    }

    static GateSpec banded(GateSpec g, Double band, GateSpec.MissingRule onMissing) {
        return new GateSpec(g.name(), g.metric(), g.min(), g.max(), g.vsBaseline(), g.tolerance(), g.contract(),
                Optional.ofNullable(band), onMissing);
    }

    @Test
    void aValueThatMissesByNoMoreThanTheBandIsInconclusiveAndBeyondItFails() {
        GateSpec recall = banded(metric("recall", "recall", 0.9, null, null, null), 0.01, GateSpec.MissingRule.FAIL);
        GateResult near = one(recall, metrics(Map.of("recall", 0.89)), Optional.empty());
        assertThat(near.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(near.reason()).isEqualTo("recall = 0.89 is below min 0.9, within the inconclusive band 0.01: held for approval");
        assertThat(one(recall, metrics(Map.of("recall", 0.885)), Optional.empty()).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(one(recall, metrics(Map.of("recall", 0.9)), Optional.empty()).verdict()).isEqualTo(Verdict.PASS);

        GateSpec latency = banded(metric("latency", "p95_ms", null, 250.0, null, null), 10.0, GateSpec.MissingRule.FAIL);
        assertThat(one(latency, metrics(Map.of("p95_ms", 255.0)), Optional.empty()).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(one(latency, metrics(Map.of("p95_ms", 261.0)), Optional.empty()).verdict()).isEqualTo(Verdict.FAIL);

        GateSpec noWorse = banded(metric("quality", "acc", null, null, BaselineRule.NO_WORSE, 0.01), 0.02,
                GateSpec.MissingRule.FAIL);
        Optional<Observation> base = Optional.of(metrics(Map.of("acc", 0.90)));
        assertThat(one(noWorse, metrics(Map.of("acc", 0.875)), base).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(one(noWorse, metrics(Map.of("acc", 0.86)), base).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aMissingMetricIsInconclusiveOnlyWhenTheGateSaysSo() {
        GateSpec held = banded(metric("recall", "recall", 0.9, null, null, null), null, GateSpec.MissingRule.INCONCLUSIVE);
        GateResult r = one(held, metrics(Map.of()), Optional.empty());
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.reason()).contains("was not produced (on_missing: inconclusive)");
        assertThat(one(banded(held, null, GateSpec.MissingRule.FAIL), metrics(Map.of()), Optional.empty()).verdict())
                .isEqualTo(Verdict.MISSING);
    }

    @Test
    void resultsAreHeldOnlyWhenNothingFailedAndSomethingIsInconclusive() {
        GateSpec held = banded(metric("recall", "recall", 0.9, null, null, null), null, GateSpec.MissingRule.INCONCLUSIVE);
        GateResult inconclusive = one(held, metrics(Map.of()), Optional.empty());
        GateResult pass = one(metric("q", "acc", 0.5, null, null, null), metrics(Map.of("acc", 0.6)), Optional.empty());
        GateResult fail = one(metric("q", "acc", 0.5, null, null, null), metrics(Map.of("acc", 0.4)), Optional.empty());
        assertThat(GateEvaluator.held(List.of(pass, inconclusive))).isTrue();
        assertThat(GateEvaluator.promotable(List.of(pass, inconclusive))).isFalse();
        assertThat(GateEvaluator.held(List.of(pass, inconclusive, fail))).isFalse();
        assertThat(GateEvaluator.held(List.of(pass))).isFalse();
    }
}
