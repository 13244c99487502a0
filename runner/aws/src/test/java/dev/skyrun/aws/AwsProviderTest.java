package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsProviderTest {

    private final AwsProvider aws = new AwsProvider();

    @Test
    void credentialsAreConfiguredByTheEnvironmentOrTheSharedFiles(@TempDir Path home) throws Exception {
        assertThat(aws.credentialsConfigured(Map.of(), home)).isFalse();
        assertThat(aws.credentialsConfigured(Map.of("AWS_ACCESS_KEY_ID", " "), home)).as("blank").isFalse();
        assertThat(aws.credentialsConfigured(Map.of("AWS_PROFILE", "ml"), home)).isTrue();

        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\n");
        assertThat(aws.credentialsConfigured(Map.of(), home)).isTrue();
    }
}
