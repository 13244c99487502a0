package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudRegistryTest {

    @Test
    void settingsComeFromTheEnvironment() {
        CloudSettings s = CloudSettings.fromEnvironment("aws", Map.of("SKYRUN_AWS_ENDPOINT", "http://127.0.0.1:9",
                "SKYRUN_AWS_PROFILE", "dev", "SKYRUN_GCP_ENDPOINT", "http://x"));
        assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:9"));
        assertThat(s.property("profile")).contains("dev");
        assertThat(s.properties()).hasSize(1);
    }

    @Test
    void anUnknownCloudIsNamedWithTheKnownOnes() {
        try (CloudRegistry r = CloudRegistry.of(java.util.List.of(), Map.of())) {
            assertThatThrownBy(() -> r.open("nimbus")).isInstanceOf(CloudException.class)
                    .hasMessageContaining("nimbus");
            assertThat(r.provider("nimbus")).isEqualTo(Optional.empty());
        }
    }

    @Test
    void secretsNeverShowTheirValues() {
        Secrets s = Secrets.of(Map.of("HF_TOKEN", "hf_abc123"));
        assertThat(s.toString()).contains("HF_TOKEN").doesNotContain("hf_abc123");
    }
}
