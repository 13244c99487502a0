package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task without an image runs in its cloud's default one, which the environment may set. */
class DefaultImageTest {

    @Test
    void localRunsTheImageTheBuildScriptMakesAndCloudsAPlainOne() {
        assertThat(DefaultImage.of("local", false, Map.of())).isEqualTo("skyrun/busybox:local");
        assertThat(DefaultImage.of("aws", false, Map.of())).isEqualTo("ubuntu:22.04");
        assertThat(DefaultImage.of("gcp", true, Map.of())).isEqualTo("nvidia/cuda:12.4.1-runtime-ubuntu22.04");
    }

    @Test
    void theEnvironmentSetsItPerCloudOrForAll() {
        Map<String, String> env = Map.of("SKYRUN_DEFAULT_IMAGE", "acme/base:1", "SKYRUN_DEFAULT_IMAGE_AWS", "acme/aws:2");
        assertThat(DefaultImage.of("aws", true, env)).isEqualTo("acme/aws:2");
        assertThat(DefaultImage.of("gcp", false, env)).isEqualTo("acme/base:1");
    }
}
