package dev.skyrun.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which gate changes let more through than before. */
class GateChangesTest {

    private static GateSpec min(double v) {
        return new GateSpec("quality", Optional.of("acc"), Optional.of(v), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static GateSpec baseline(BaselineRule rule, double tolerance) {
        return new GateSpec("quality", Optional.of("acc"), Optional.empty(), Optional.empty(), Optional.of(rule),
                Optional.of(tolerance), Optional.empty());
    }

    @Test
    void aLowerMinAWiderToleranceAWeakerRuleAndARemovedGateAreLoosened() {
        assertThat(GateChanges.loosened(min(0.82), min(0.75))).containsExactly("min 0.82 -> 0.75");
        assertThat(GateChanges.loosened(baseline(BaselineRule.NO_WORSE, 0.005), baseline(BaselineRule.NO_WORSE, 0.02)))
                .containsExactly("tolerance 0.005 -> 0.02");
        assertThat(GateChanges.loosened(baseline(BaselineRule.BETTER, 0), baseline(BaselineRule.NO_WORSE, 0)))
                .containsExactly("vs_baseline better -> no_worse");
        List<Change> removed = GateChanges.between(List.of(min(0.8)), List.of());
        assertThat(removed).singleElement().satisfies(c -> {
            assertThat(c.loosened()).isTrue();
            assertThat(c.note()).contains("gate removed");
        });
    }

    @Test
    void aHigherMinOrANewGateIsNotLoosenedAndAnEqualGateIsNoChange() {
        assertThat(GateChanges.between(List.of(min(0.8)), List.of(min(0.9)))).singleElement()
                .satisfies(c -> assertThat(c.loosened()).isFalse());
        assertThat(GateChanges.between(List.of(), List.of(min(0.9)))).singleElement()
                .satisfies(c -> assertThat(c.loosened()).isFalse());
        assertThat(GateChanges.between(List.of(min(0.8)), List.of(min(0.8)))).isEmpty();
    }
}
