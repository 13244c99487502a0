package dev.skyrun.azure;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code azure} plug-in: Azure VMs, Blob storage ({@code az://CONTAINER/PREFIX} in the configured
 * storage account) and Key Vault secrets. Loads no Azure SDK class until {@link #open} or {@link #store}.
 */
public final class AzureProvider implements CloudProvider {

    /** The cloud's name. */
    public static final String NAME = "azure";

    @Override
    public String name() {
        return NAME;
    }

    /** A service principal or subscription in the environment, or the Azure CLI's profile. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return CloudProvider.anyConfigured(env, List.of("AZURE_CLIENT_ID", "AZURE_SUBSCRIPTION_ID"), home,
                List.of(".azure/azureProfile.json"));
    }

    @Override
    public Cloud open(CloudSettings settings) {
        AzureConfig config = AzureConfig.from(settings);
        return new AzureCloud(config, new AzureClients(config));
    }

    /** The Blob store for {@code az}; its keys are {@code CONTAINER/BLOB}. */
    @Override
    public Optional<ObjectStore> store(String scheme, CloudSettings settings) {
        if (!"az".equals(scheme)) {
            return Optional.empty();
        }
        AzureConfig config = AzureConfig.from(settings);
        return Optional.of(new AzureClients(config).store());
    }

    /** Blob containers: the same {@link BlobStore} that serves {@code az://} objects. */
    @Override
    public Optional<dev.skyrun.storage.Buckets> buckets(String scheme, CloudSettings settings) {
        return store(scheme, settings).map(BlobStore.class::cast);
    }

    /** rclone's {@code azureblob} remote for {@code az} ({@link BlobRemote}); loads no SDK class. */
    @Override
    public Optional<dev.skyrun.storage.RcloneRemote> mountRemote(String scheme, CloudSettings settings) {
        return "az".equals(scheme) ? Optional.of(BlobRemote.of(AzureConfig.from(settings), java.time.Instant.now()))
                : Optional.empty();
    }

    /**
     * Azure VMs mount {@code az://} with rclone and their managed identity (the shared VM
     * bootstrap), on the storage account's own {@code blob.} endpoint ({@link BlobRemote#onNode}):
     * refused when the configured Blob endpoint is another (azurite, a private endpoint), which
     * rclone reaches only with a SAS, or when no storage account is configured.
     */
    @Override
    public Optional<String> nodeMountRefusal(String scheme, CloudSettings settings) {
        if (!"az".equals(scheme)) {
            return CloudProvider.mountsOnly(NAME, "az", scheme);
        }
        try {
            AzureConfig config = AzureConfig.from(settings);
            return BlobRemote.onNode(config).isPresent() ? Optional.empty() : Optional.of("the storage account's Blob"
                    + " endpoint " + config.blobEndpoint() + " is not https://ACCOUNT.blob.SUFFIX, the only one a VM's"
                    + " rclone reaches with its managed identity");
        } catch (CloudException e) {
            return Optional.of(e.getMessage());
        }
    }
}
