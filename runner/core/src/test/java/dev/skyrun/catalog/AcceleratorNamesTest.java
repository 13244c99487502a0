package dev.skyrun.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceleratorNamesTest {

    @Test
    void namesAreCanonicalisedCaseInsensitively() {
        assertThat(AcceleratorNames.canonical("a100-80gb")).contains("A100-80GB");
        assertThat(AcceleratorNames.canonical("l40s")).contains("L40S");
        assertThat(AcceleratorNames.canonical("TRAINIUM2")).contains("Trainium2");
        assertThat(AcceleratorNames.canonical("TPU-V5LITEPOD-8")).contains("tpu-v5litepod-8");
        assertThat(AcceleratorNames.canonical("tpu-v5e-16")).contains("tpu-v5litepod-16");
        assertThat(AcceleratorNames.canonical("tpu-v9-8")).isEmpty();
        assertThat(AcceleratorNames.canonical("A100-80G")).isEmpty();
    }

    @Test
    void suggestionsPutTheClosestFirst() {
        assertThat(AcceleratorNames.suggestions("A100-80G")).startsWith("A100-80GB");
        assertThat(AcceleratorNames.suggestions("h100-mega2")).startsWith("H100-MEGA");
    }
}
