package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun plan} marks each placement's cloud as enabled here or not, from the credentials the
 * environment configures (nothing is called): with only a Lambda API key, the Lambda placements of
 * examples/spot-fallback.yaml are enabled and the AWS and GCP ones are not, and the text says so.
 */
class PlanEnabledIT {

    @TempDir
    Path tmp;

    @Test
    void planMarksTheCloudsWhoseCredentialsAreConfigured() throws Exception {
        Path spec = Path.of("../../examples/spot-fallback.yaml").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>(Map.of("LAMBDA_API_KEY", "secret_configured"));

        CliProcess.Result json = CliProcess.run(tmp, env, "plan", spec.toString(), "--catalog", "bundled", "-o", "json");
        CliProcess.Result text = CliProcess.run(tmp, env, "plan", spec.toString(), "--catalog", "bundled");

        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode placements = new ObjectMapper().readTree(json.out()).path("tasks").get(0).path("placements");
        assertThat(placements).isNotEmpty().allSatisfy(p -> assertThat(p.path("enabled").asBoolean())
                .as(p.toString()).isEqualTo(p.path("cloud").asText().equals("lambda")));
        assertThat(text.out()).contains("clouds: lambda enabled here; aws, gcp not enabled (no credentials configured");
        assertThat(text.out() + text.err()).doesNotContain("secret_configured");
    }
}
