package dev.skyrun.gcp;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code gcp} plug-in: Compute Engine VMs, TPU VMs and GCS ({@code gs://}). Loads no Google
 * class until {@link #open} or {@link #store} is called.
 */
public final class GcpProvider implements CloudProvider {

    /** The cloud's name. */
    public static final String NAME = "gcp";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code GOOGLE_APPLICATION_CREDENTIALS}, or gcloud's application default credentials file. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return CloudProvider.anyConfigured(env, List.of("GOOGLE_APPLICATION_CREDENTIALS"), home,
                List.of(".config/gcloud/application_default_credentials.json"));
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new GcpCloud(GcpConfig.from(settings));
    }

    /** The GCS store for {@code gs}; its keys are {@code BUCKET/KEY}. */
    @Override
    public Optional<ObjectStore> store(String scheme, CloudSettings settings) {
        if (!"gs".equals(scheme)) {
            return Optional.empty();
        }
        GcpConfig config = GcpConfig.from(settings);
        return Optional.of(GcsStore.of(config));
    }

    /** GCS buckets: the same {@link GcsStore} that serves {@code gs://} objects. */
    @Override
    public Optional<dev.skyrun.storage.Buckets> buckets(String scheme, CloudSettings settings) {
        return store(scheme, settings).map(GcsStore.class::cast);
    }

    /** Compute Engine and TPU VMs mount {@code gs://} with rclone and their service account (the shared VM bootstrap). */
    @Override
    public Optional<String> nodeMountRefusal(String scheme, CloudSettings settings) {
        return CloudProvider.mountsOnly(NAME, "gs", scheme);
    }
}
