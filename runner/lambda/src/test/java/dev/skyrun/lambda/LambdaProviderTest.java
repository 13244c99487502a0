package dev.skyrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the lambda plug-in finds its API key without calling anything: environment and SkyPilot's key file. */
class LambdaProviderTest {

    @TempDir
    Path home;

    @Test
    void credentialsAreConfiguredByTheEnvironmentOrTheKeysFile() throws Exception {
        LambdaProvider p = new LambdaProvider();
        assertThat(p.credentialsConfigured(Map.of(), home)).isFalse();
        assertThat(p.credentialsConfigured(Map.of("LAMBDA_API_KEY", " "), home)).as("blank is not set").isFalse();
        assertThat(p.credentialsConfigured(Map.of("LAMBDA_API_KEY", "secret_x"), home)).isTrue();
        Files.createDirectories(home.resolve(".lambda_cloud"));
        Files.writeString(home.resolve(LambdaConfig.KEYS_FILE), "api_key = secret_from_file\n");
        assertThat(p.credentialsConfigured(Map.of(), home)).isTrue();
    }

    @Test
    void theKeysFileIsReadAsSkyPilotWritesIt() throws Exception {
        Path file = home.resolve("lambda_keys");
        Files.writeString(file, "# comment\napi_key=secret_abc\n");
        assertThat(LambdaConfig.fromKeysFile(file)).contains("secret_abc");
        assertThat(LambdaConfig.fromKeysFile(home.resolve("absent"))).isEqualTo(Optional.empty());
    }
}
