package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SageMakerProviderTest {

    private final SageMakerProvider sagemaker = new SageMakerProvider();

    @Test
    void enabledByAwsCredentialsWithAnExecutionRole(@TempDir Path home) {
        assertThat(sagemaker.name()).isEqualTo("sagemaker");
        assertThat(sagemaker.credentialsConfigured(Map.of("AWS_PROFILE", "ml"), home)).as("no role: no job can be created").isFalse();
        assertThat(sagemaker.credentialsConfigured(Map.of("SKYRUN_SAGEMAKER_ROLE_ARN", SageMakerIT.ROLE), home)).as("no credentials")
                .isFalse();
        assertThat(sagemaker.credentialsConfigured(Map.of("AWS_PROFILE", "ml", "SKYRUN_SAGEMAKER_ROLE_ARN", " "), home)).isFalse();
        assertThat(sagemaker.credentialsConfigured(Map.of("AWS_PROFILE", "ml", "SKYRUN_SAGEMAKER_ROLE_ARN", SageMakerIT.ROLE), home))
                .isTrue();
    }
}
