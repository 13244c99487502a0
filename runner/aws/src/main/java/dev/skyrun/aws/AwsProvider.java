package dev.skyrun.aws;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS plug-in's entry point: EC2 as a cloud ({@code aws}) and S3 as the {@code s3://} store.
 * Loads no SDK class until {@link #open} or {@link #store} is called.
 */
public final class AwsProvider implements CloudProvider {

    /** The cloud's name as specs write it. */
    public static final String NAME = "aws";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code AWS_ACCESS_KEY_ID} or {@code AWS_PROFILE}, or {@code ~/.aws/credentials} or {@code ~/.aws/config}. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return CloudProvider.anyConfigured(env, List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE"), home,
                List.of(".aws/credentials", ".aws/config"));
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new AwsCloud(new AwsConfig(settings));
    }

    @Override
    public Optional<ObjectStore> store(String scheme, CloudSettings settings) {
        if (!"s3".equals(scheme)) {
            return Optional.empty();
        }
        AwsConfig config = new AwsConfig(settings);
        AwsClients clients = new AwsClients(config);
        return Optional.of(new S3Store(clients.s3(config.region()), config.region()));
    }

    /** S3 buckets: the same {@link S3Store} that serves {@code s3://} objects. */
    @Override
    public Optional<dev.skyrun.storage.Buckets> buckets(String scheme, CloudSettings settings) {
        return store(scheme, settings).map(S3Store.class::cast);
    }

    @Override
    public Optional<dev.skyrun.storage.RcloneRemote> mountRemote(String scheme, CloudSettings settings) {
        return "s3".equals(scheme) ? Optional.of(S3Remote.of(new AwsConfig(settings))) : Optional.empty();
    }

    /** EC2 nodes mount {@code s3://} with rclone and their instance role (the shared VM bootstrap). */
    @Override
    public Optional<String> nodeMountRefusal(String scheme, CloudSettings settings) {
        return CloudProvider.mountsOnly(NAME, "s3", scheme);
    }
}
