package dev.skyrun.azure;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A cluster's secrets in Azure Key Vault: one secret per name, created at submit, read on the VM
 * with its managed identity ({@link AzureShell}'s {@code secret_get}), tagged with the run and
 * cluster and deleted with them. The value is stored base64-encoded (content type {@code base64}) so
 * the VM reads it back byte for byte; Key Vault names allow only letters, digits and dashes, so a
 * secret's name is the cluster's prefix and the hex of the variable's name.
 */
final class KeyVaultSecrets {

    private static final String VAULT_SCOPE = "https://vault.azure.net/.default";

    private final SecretClient client;

    private KeyVaultSecrets(SecretClient client) {
        this.client = client;
    }

    /** The configured vault, or a CloudException saying how to set one. */
    static KeyVaultSecrets of(AzureConfig config, AzureClients clients) {
        String url = config.vaultUrl().orElseThrow(() -> new CloudException("azure: the task has secrets but no Key Vault is set; "
                + "set SKYRUN_AZURE_VAULT to a vault the VMs' managed identity may read (Key Vault Secrets User)"));
        return new KeyVaultSecrets(new SecretClientBuilder().vaultUrl(url).pipeline(clients.pipeline(VAULT_SCOPE)).buildClient());
    }

    /** The secret name prefix of a cluster: {@code sr-} and 16 hex digits of its run and name. */
    static String prefix(String run, String cluster) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((run + "/" + cluster).getBytes(StandardCharsets.UTF_8));
            return "sr-" + HexFormat.of().formatHex(d, 0, 8) + "-";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores each value under the cluster's prefix, tagged with the labels. */
    void put(String run, String cluster, Map<String, String> values, Labels labels) {
        values.forEach((name, value) -> {
            String id = prefix(run, cluster) + HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
            KeyVaultSecret secret = new KeyVaultSecret(id, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            secret.setProperties(new SecretProperties().setContentType("base64").setTags(labels.values()));
            try {
                client.setSecret(secret);
            } catch (RuntimeException e) {
                throw AzureErrors.unchecked(e, new AzureErrors.Context("key vault", "", "setSecret " + id + " (" + name + ")"));
            }
        });
    }

    /** The secrets carrying the labels. */
    List<CloudResource> find(Labels labels) {
        List<CloudResource> out = new ArrayList<>();
        try {
            for (SecretProperties p : client.listPropertiesOfSecrets()) {
                if (AzureTags.match(p.getTags(), labels)) {
                    out.add(new CloudResource(AzureProvider.NAME, dev.skyrun.cloud.Cloud.SECRET, p.getName(), AzureTags.orEmpty(p.getTags())));
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context("key vault", "", "listPropertiesOfSecrets"));
        }
    }

    /** Deletes a secret (into the vault's soft-deleted ones, as Key Vault keeps them); absent is fine. */
    void delete(String name) {
        AzureErrors.deleting(() -> client.beginDeleteSecret(name), new AzureErrors.Context("key vault", "", "deleteSecret " + name));
    }
}
