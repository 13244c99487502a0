package dev.skyrun.azure;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.TeardownPace;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom skyrun talks to Azure, read from {@link CloudSettings} ({@code SKYRUN_AZURE_*}).
 *
 * <p>Properties: {@code subscription_id} (else {@code AZURE_SUBSCRIPTION_ID}), {@code resource_group}
 * (of everything skyrun creates; default {@code skyrun-REGION}), {@code storage_account} and
 * {@code container} (the Blob container of run status, logs and exit codes), {@code vault} (the Key
 * Vault of run secrets, a name or a URL), {@code image} (the VM image as {@code publisher:offer:sku:version};
 * default Microsoft's Ubuntu HPC image with NVIDIA drivers and Docker), {@code ssh_public_key},
 * {@code poll_ms} (2000), {@code heartbeat_s} (30), {@code heartbeat_timeout_s} (300),
 * {@code autostop_minutes} (10), {@code terminate_timeout_s} (600), and for tests or private
 * endpoints {@code blob_endpoint}, {@code vault_endpoint}, {@code imds_endpoint},
 * {@code prices_endpoint}, {@code ca_bundle} (PEM certificates trusted instead of the JDK's) and
 * {@code storage_connection_string} (else
 * {@code AZURE_STORAGE_CONNECTION_STRING}). The endpoint override replaces Azure Resource Manager;
 * with it no credential is sent (a loopback fake in tests).
 *
 * @param settings the raw settings
 * @param subscription the subscription id, empty when none is configured
 * @param endpoint the Resource Manager endpoint override, if set
 */
public record AzureConfig(CloudSettings settings, String subscription, Optional<URI> endpoint) {

    /** Microsoft's Ubuntu 22.04 HPC image: NVIDIA drivers, CUDA, Docker and the NVIDIA container toolkit. */
    public static final String DEFAULT_IMAGE = "microsoft-dsvm:ubuntu-hpc:2204:latest";

    public AzureConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Reads the settings; the subscription falls back to {@code AZURE_SUBSCRIPTION_ID} of {@code env}. */
    public static AzureConfig from(CloudSettings settings, Map<String, String> env) {
        String subscription = settings.property("subscription_id")
                .or(() -> Optional.ofNullable(env.get("AZURE_SUBSCRIPTION_ID"))).orElse("");
        return new AzureConfig(settings, subscription.strip(), settings.endpoint());
    }

    /** Reads the settings with the process environment. */
    public static AzureConfig from(CloudSettings settings) {
        return from(settings, System.getenv());
    }

    /** The subscription, or a CloudException saying how to set it. */
    public String requireSubscription() {
        if (subscription.isEmpty()) {
            throw new CloudException("azure: no subscription; set AZURE_SUBSCRIPTION_ID or SKYRUN_AZURE_SUBSCRIPTION_ID "
                    + "(az account show --query id -o tsv)");
        }
        return subscription;
    }

    /** The resource group of a region's resources. */
    public String resourceGroup(String region) {
        return settings.property("resource_group").orElse("skyrun-" + region.toLowerCase(Locale.ROOT));
    }

    /** The Resource Manager endpoint without a trailing slash. */
    public String armEndpoint() {
        return endpoint.map(u -> u.toString().replaceAll("/+$", "")).orElse("https://management.azure.com");
    }

    /** The Blob container of run status, or a CloudException saying how to set it. */
    public String container() {
        return settings.property("container").orElseThrow(() -> new CloudException(
                "azure: no Blob container for run status; set SKYRUN_AZURE_CONTAINER (and SKYRUN_AZURE_STORAGE_ACCOUNT) "
                        + "to a container the VMs' managed identity may write (Storage Blob Data Contributor)"));
    }

    /** The storage account's Blob endpoint: the override, the connection string's, or {@code https://ACCOUNT.blob.core.windows.net}. */
    public String blobEndpoint() {
        Optional<String> fromConnection = connectionPart("BlobEndpoint");
        return settings.property("blob_endpoint").or(() -> fromConnection)
                .or(() -> settings.property("storage_account").map(a -> "https://" + a + ".blob.core.windows.net"))
                .map(u -> u.replaceAll("/+$", ""))
                .orElseThrow(() -> new CloudException("azure: no storage account; set SKYRUN_AZURE_STORAGE_ACCOUNT"));
    }

    /** A storage connection string (shared key), if configured: used instead of the identity for Blob. */
    public Optional<String> connectionString() {
        return settings.property("storage_connection_string")
                .or(() -> Optional.ofNullable(System.getenv("AZURE_STORAGE_CONNECTION_STRING"))).filter(s -> !s.isBlank());
    }

    /** The Key Vault's URL, if one is configured. */
    public Optional<String> vaultUrl() {
        return settings.property("vault_endpoint").or(() -> settings.property("vault")
                .map(v -> v.startsWith("https://") ? v : "https://" + v + ".vault.azure.net")).map(u -> u.replaceAll("/+$", ""));
    }

    /** The instance metadata service's base URL as the VMs reach it. */
    public String imdsEndpoint() {
        return settings.property("imds_endpoint").orElse("http://169.254.169.254").replaceAll("/+$", "");
    }

    /** The VM image as {@code publisher:offer:sku:version}. */
    public String image() {
        return settings.property("image").orElse(DEFAULT_IMAGE);
    }

    /** How long to wait between polls of a long-running operation. */
    public Duration pollInterval() {
        return Duration.ofMillis(number("poll_ms", 2000));
    }

    /** How a teardown verifies VMs are gone. */
    public TeardownPace teardownPace() {
        return new TeardownPace(pollInterval(), Duration.ofSeconds(number("terminate_timeout_s", 600)));
    }

    /** A numeric property. */
    public long number(String key, long fallback) {
        return settings.number(key, fallback);
    }

    /** A part of the storage connection string ({@code AccountName}, {@code AccountKey}, {@code BlobEndpoint}...), if present. */
    public Optional<String> connectionPart(String name) {
        for (String part : connectionString().orElse("").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                return Optional.of(part.substring(eq + 1).strip()).filter(v -> !v.isEmpty());
            }
        }
        return Optional.empty();
    }
}
