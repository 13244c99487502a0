package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcpProviderTest {

    @Test
    void gcpAndVertexShareApplicationDefaultCredentials(@TempDir Path home) throws Exception {
        assertThat(new GcpProvider().credentialsConfigured(Map.of(), home)).isFalse();
        assertThat(new VertexProvider().credentialsConfigured(Map.of(), home)).isFalse();
        Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json");
        assertThat(new GcpProvider().credentialsConfigured(env, home)).isTrue();
        assertThat(new VertexProvider().credentialsConfigured(env, home)).isTrue();

        Path adc = home.resolve(".config/gcloud/application_default_credentials.json");
        Files.createDirectories(adc.getParent());
        Files.writeString(adc, "{}");
        assertThat(new VertexProvider().credentialsConfigured(Map.of(), home)).isTrue();
    }
}
