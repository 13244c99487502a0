package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.testkit.TestVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure plug-in's pure parts: error classification, credential discovery, names, GPU models, disk tiers. */
class AzureUnitsTest {

    @Test
    void errorCodesAreClassifiedByTheirArmCode() {
        assertThat(AzureErrors.kindOf("SkuNotAvailable", 409, "")).isEqualTo(AzureErrors.Kind.CAPACITY);
        assertThat(AzureErrors.kindOf("ZonalAllocationFailed", 200, "")).isEqualTo(AzureErrors.Kind.CAPACITY);
        assertThat(AzureErrors.kindOf("OperationNotAllowed", 409, "exceeding approved LowPriorityCores quota"))
                .isEqualTo(AzureErrors.Kind.QUOTA);
        assertThat(AzureErrors.kindOf("OperationNotAllowed", 409, "the VM is being deleted")).isEqualTo(AzureErrors.Kind.OTHER);
        assertThat(AzureErrors.kindOf("SubscriptionNotFound", 404, "")).isEqualTo(AzureErrors.Kind.CREDENTIALS);
        assertThat(AzureErrors.kindOf("", 401, "")).isEqualTo(AzureErrors.Kind.CREDENTIALS);
        assertThat(AzureErrors.kindOf("ResourceNotFound", 404, "")).isEqualTo(AzureErrors.Kind.NOT_FOUND);
    }

    @Test
    void credentialsAreFoundInTheEnvironmentOrTheAzureCliProfile(@TempDir Path home) throws Exception {
        AzureProvider p = new AzureProvider();
        assertThat(p.name()).isEqualTo("azure");
        assertThat(p.credentialsConfigured(Map.of(), home)).isFalse();
        assertThat(p.credentialsConfigured(Map.of("AZURE_CLIENT_ID", "x"), home)).isTrue();
        Files.createDirectories(home.resolve(".azure"));
        Files.writeString(home.resolve(".azure/azureProfile.json"), "{}");
        assertThat(p.credentialsConfigured(Map.of(), home)).isTrue();
    }

    @Test
    void vmNamesAreDeterministicLowerCaseAndFitAzuresLimit() {
        assertThat(AzureVms.name("Train_Run-7", 2)).isEqualTo("skyrun-train-run-7-2");
        String longName = AzureVms.name("x".repeat(80), 11);
        assertThat(longName).hasSizeLessThanOrEqualTo(64).endsWith("-11").isEqualTo(AzureVms.name("x".repeat(80), 11));
        assertThat(AzureVms.zoneOf(AzureTestSupport.t4("eastus", Optional.of("eastus-3"), true, 1))).contains("3");
    }

    @Test
    void gpuModelsComeFromTheSizeName() {
        assertThat(AzureGpus.model("Standard_NC4as_T4_v3")).contains("T4");
        assertThat(AzureGpus.model("Standard_ND96amsr_A100_v4")).contains("A100-80GB");
        assertThat(AzureGpus.model("Standard_ND96asr_v4")).contains("A100");
        assertThat(AzureGpus.model("Standard_ND96isr_H100_v5")).contains("H100");
        assertThat(AzureGpus.model("Standard_NV36ads_A10_v5")).contains("A10");
        assertThat(AzureGpus.model("Standard_NC24s_v3")).contains("V100");
        assertThat(AzureGpus.model("Standard_D2s_v5")).isEmpty();
    }

    @Test
    void diskTiersMapOntoManagedDiskTypes() {
        assertThat(VmDefinition.tier(Optional.empty())).isEqualTo(StorageAccountTypes.STANDARD_SSD_LRS);
        assertThat(VmDefinition.tier(Optional.of(DiskTier.LOW))).isEqualTo(StorageAccountTypes.STANDARD_LRS);
        assertThat(VmDefinition.tier(Optional.of(DiskTier.BEST))).isEqualTo(StorageAccountTypes.PREMIUM_LRS);
    }

    @Test
    void rcloneReachesAzureWithTheKeyAnotherEndpointWithAnAccountSasAndNoKeyWithTheIdentity() {
        String key = java.util.Base64.getEncoder().encodeToString("k".repeat(64).getBytes());
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
        var azure = BlobRemote.of(config(Map.of("storage_connection_string", "AccountName=acme;AccountKey=" + key)), now);
        assertThat(azure.type()).isEqualTo("azureblob");
        assertThat(azure.options()).containsEntry("account", "acme").containsEntry("key", key)
                .containsEntry("endpoint", "blob.core.windows.net").doesNotContainKey("sas_url");

        var other = BlobRemote.of(config(Map.of("storage_connection_string", "AccountName=acme;AccountKey=" + key
                + ";BlobEndpoint=http://127.0.0.1:10000/acme")), now).options();
        assertThat(other).containsOnlyKeys("sas_url");
        assertThat(other.get("sas_url")).startsWith("http://127.0.0.1:10000/acme?sv=2019-12-12&ss=b&srt=sco&sp=rwdlac&se=2026-12-14T10%3A00%3A00Z&spr=https%2Chttp&sig=")
                .doesNotContain(key);

        assertThat(BlobRemote.of(config(Map.of("storage_account", "acme")), now).options())
                .isEqualTo(Map.of("account", "acme", "use_msi", "true"));
    }

    @Test
    void vmsMountAzWithTheirManagedIdentityAndNeverTheRunnersKey() {
        String key = java.util.Base64.getEncoder().encodeToString("runner-key-".repeat(6).getBytes());
        String identity = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/skyrun";
        Map<String, String> withKeySettings = Map.of("storage_account", "acme", "blob_endpoint",
                "https://acme.blob.core.usgovcloudapi.net/", "storage_connection_string", "AccountName=acme;AccountKey=" + key,
                "container", "runs", "identity", identity);
        AzureConfig withKey = config(withKeySettings);
        assertThat(new AzureProvider().nodeMountRefusal("az", settings(withKeySettings))).isEmpty();
        assertThat(new AzureProvider().nodeMountRefusal("s3", settings(withKeySettings))).contains("azure's nodes mount az:// only");
        assertThat(BlobRemote.onNode(withKey).orElseThrow().options()).isEqualTo(Map.of("account", "acme",
                "endpoint", "blob.core.usgovcloudapi.net", "use_msi", "true", "msi_mi_res_id", identity));

        JobSpec job = TestVm.fuseJob("run-1", "az", "data");
        String script = new VmBootstrap(AzureShell.of(withKey, "skyrun-run-1-"), new StatusKeys("runs", "skyrun/run-1/c1"), 30, 10)
                .job(job, List.of("10.0.0.4"));
        assertThat(script).contains("RCLONE_CONFIG_SKYRUN_TYPE='azureblob'", "RCLONE_CONFIG_SKYRUN_USE_MSI='true'",
                "RCLONE_CONFIG_SKYRUN_ACCOUNT='acme'", "fuse_mount 'data' 'stream' \"$WORK/mounts/0\" streamed",
                "fuse_mount 'data' 'ckpt-run-1' \"$WORK/mounts/1\" cached").doesNotContain(key)
                .doesNotContain("RCLONE_CONFIG_SKYRUN_KEY").doesNotContain("SAS_URL").doesNotContain("this cloud's nodes do not mount");

        // rclone 1.60 reaches another Blob endpoint (azurite, a private endpoint) only by SAS, which needs the key: refused on the node.
        AzureConfig azurite = config(Map.of("storage_connection_string", "AccountName=acme;AccountKey=" + key
                + ";BlobEndpoint=http://127.0.0.1:10000/acme", "container", "runs"));
        assertThat(BlobRemote.onNode(azurite)).isEmpty();
        // ... which the launch refuses before any VM (MountPreflight), naming the endpoint and never the key.
        Optional<String> refusal = new AzureProvider().nodeMountRefusal("az", settings(Map.of("storage_connection_string",
                "AccountName=acme;AccountKey=" + key + ";BlobEndpoint=http://127.0.0.1:10000/acme", "container", "runs")));
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r).contains("Blob endpoint http://127.0.0.1:10000/acme is not"
                + " https://ACCOUNT.blob.SUFFIX").doesNotContain(key));
        assertThat(new AzureProvider().nodeMountRefusal("az", settings(Map.of("container", "runs"))))
                .hasValueSatisfying(r -> assertThat(r).contains("no storage account"));
        assertThat(new VmBootstrap(AzureShell.of(azurite, "p-"), new StatusKeys("runs", "skyrun/run-1/c1"), 30, 10)
                .job(job, List.of("10.0.0.4"))).contains("fail_setup 'mounting az://data/stream (mode MOUNT): this cloud")
                .doesNotContain(key);
    }

    private static AzureConfig config(Map<String, String> properties) {
        return AzureConfig.from(settings(properties), Map.of());
    }

    private static dev.skyrun.cloud.CloudSettings settings(Map<String, String> properties) {
        return new dev.skyrun.cloud.CloudSettings("azure", Optional.empty(), properties);
    }
}
