package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void computeEngineAndTpuNodesMountGcsWithTheirServiceAccountAndNoOverrideOnARealVm() {
        CloudSettings settings = new CloudSettings("gcp", Optional.empty(), Map.of("project", "acme-ml"));
        assertThat(new GcpProvider().nodeMountRefusal("gs", settings)).isEmpty();
        assertThat(new GcpProvider().nodeMountRefusal("s3", settings)).contains("gcp's nodes mount gs:// only");
        assertThat(new VertexProvider().nodeMountRefusal("gs", settings)).contains("vertex's nodes mount no store");

        GcpShell shell = GcpShell.of(GcpConfig.from(settings),
                "skyrun-run-1-", 1);
        assertThat(shell.mountEnvironment()).containsEntry("RCLONE_CONFIG_SKYRUN_TYPE", "google cloud storage")
                .containsEntry("RCLONE_CONFIG_SKYRUN_ENV_AUTH", "true")
                .doesNotContainKeys("RCLONE_CONFIG_SKYRUN_ENDPOINT", "GCE_METADATA_HOST", "RCLONE_CONFIG_SKYRUN_SERVICE_ACCOUNT_FILE",
                        "RCLONE_CONFIG_SKYRUN_SERVICE_ACCOUNT_CREDENTIALS", "RCLONE_CONFIG_SKYRUN_TOKEN");
    }
}
