package dev.skyrun.aws;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code sagemaker} plug-in: SageMaker training jobs as a cloud ({@code infra: sagemaker/us-east-1}).
 * It lives in the AWS module because it shares the AWS client set-up (endpoints, credentials,
 * {@link AwsErrors}), the S3 store and the SSM secrets; {@code s3://} stores are the {@code aws}
 * plug-in's. Settings come from {@code SKYRUN_SAGEMAKER_*} ({@link SageMakerCloud}). Loads no SDK
 * class until {@link #open}.
 */
public final class SageMakerProvider implements CloudProvider {

    /** The cloud's name. */
    public static final String NAME = "sagemaker";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * AWS credentials ({@code aws}'s) and an execution role ({@code SKYRUN_SAGEMAKER_ROLE_ARN}): without
     * a role no job can be created, so plans leave {@code sagemaker} out instead of trying it.
     */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        String role = env.get("SKYRUN_SAGEMAKER_ROLE_ARN");
        return role != null && !role.isBlank() && new AwsProvider().credentialsConfigured(env, home);
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new SageMakerCloud(new AwsConfig(settings));
    }
}
