package dev.skyrun.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** NAME and NAME:COUNT, the one parser of the form. */
class AcceleratorTextTest {

    @Test
    void nameAndCountSplitAtTheLastColon() {
        assertThat(AcceleratorText.parse(" A100:8 ")).isEqualTo(new AcceleratorText("A100", Optional.of("8")));
        assertThat(AcceleratorText.parse("T4:0.5").countValue()).isEqualTo(OptionalDouble.of(0.5));
        assertThat(AcceleratorText.parse("tpu-v5litepod-8").count()).isEmpty();
    }

    @Test
    void aMissingCountIsOneAndABadCountIsReported() {
        assertThat(AcceleratorText.parse("L4").countOrOne()).isEqualTo(1);
        assertThat(AcceleratorText.parse("L4").badCount()).isFalse();
        assertThat(AcceleratorText.parse("L4:two").badCount()).isTrue();
        assertThat(AcceleratorText.parse("L4:0").badCount()).isTrue();
        assertThat(AcceleratorText.parse("L4:-1").countOrOne()).isEqualTo(1);
    }
}
