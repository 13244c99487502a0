package dev.skyrun.lambda;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Lambda Cloud plug-in's entry point: the cloud {@code lambda}. Lambda has no object store;
 * a run's status lives on its instances and is read over SSH. Loads no SSH class until
 * {@link #open}.
 */
public final class LambdaProvider implements CloudProvider {

    /** The cloud's name as specs write it. */
    public static final String NAME = "lambda";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code LAMBDA_API_KEY} or {@code SKYRUN_LAMBDA_API_KEY}, or {@code ~/.lambda_cloud/lambda_keys}. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return CloudProvider.anyConfigured(env, List.of("LAMBDA_API_KEY", "SKYRUN_LAMBDA_API_KEY"), home,
                List.of(LambdaConfig.KEYS_FILE));
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new LambdaCloud(new LambdaConfig(settings));
    }
}
