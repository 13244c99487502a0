package dev.skyrun.azure;

import dev.skyrun.exec.VmShell;
import dev.skyrun.exec.VmShellParts;
import dev.skyrun.storage.RcloneRemote;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Azure side of a VM's bootstrap: Blob storage through its REST API and Key Vault secrets,
 * both with bearer tokens of the VM's managed identity from the instance metadata service (IMDS),
 * the Spot eviction notice from IMDS Scheduled Events (a {@code Preempt} event), and the node's
 * rank from the VM's {@code skyrun-node} tag in the instance metadata. Needs only {@code curl},
 * {@code sed}, {@code awk}, {@code od}, {@code base64}; {@code MOUNT} and {@code MOUNT_CACHED} of
 * {@code az://} are rclone mounts with the same identity.
 *
 * @param blobEndpoint the storage account's Blob base URL
 * @param vaultEndpoint the Key Vault base URL (empty: no secrets)
 * @param imdsEndpoint the instance metadata base URL
 * @param identity the user-assigned identity's resource id whose tokens to ask for, empty for the system-assigned one
 * @param secretPrefix the Key Vault name prefix of the cluster's secrets
 * @param mountEnvironment rclone's {@code azureblob} remote with the same managed identity
 *     ({@link BlobRemote#onNode}), empty where rclone cannot reach the account with it
 */
record AzureShell(String blobEndpoint, String vaultEndpoint, String imdsEndpoint, String identity, String secretPrefix,
        Map<String, String> mountEnvironment) implements VmShell {

    /** The Blob REST version the functions speak. */
    static final String BLOB_VERSION = "2021-08-06";

    /** The shell for the configured account, vault and metadata service. */
    static AzureShell of(AzureConfig config, String secretPrefix) {
        return new AzureShell(VmShellParts.baseUrl(config.blobEndpoint()), config.vaultUrl().map(VmShellParts::baseUrl).orElse(""),
                config.imdsEndpoint(), config.settings().property("identity").orElse(""), secretPrefix,
                BlobRemote.onNode(config).map(RcloneRemote::environment).map(Map::copyOf).orElse(Map.of()));
    }

    @Override
    public String scheme() {
        return "az";
    }

    @Override
    public String functions() {
        String mi = identity.isEmpty() ? "" : "&msi_res_id=" + URLEncoder.encode(identity, StandardCharsets.UTF_8);
        return String.join("\n",
                VmShellParts.assign("AZ_BLOB", blobEndpoint, "AZ_VAULT", vaultEndpoint, "IMDS_URL", imdsEndpoint),
                VmShellParts.assign("AZ_MI", mi, "SECRET_PREFIX", secretPrefix),
                "imds() { curl -sf -m 10 -H 'Metadata: true' \"$IMDS_URL/metadata/$1\"; }",
                "az_token() {",
                "  imds \"identity/oauth2/token?api-version=2018-02-01&resource=$1$AZ_MI\" | sed -n 's/.*\"access_token\" *: *\"\\([^\"]*\\)\".*/\\1/p'",
                "}",
                "blob_curl() {",
                "  _t=$(az_token https%3A%2F%2Fstorage.azure.com%2F) && [ -n \"$_t\" ] || return 1",
                "  curl -sSf -g -m 300 --retry 3 -H \"Authorization: Bearer $_t\" -H 'x-ms-version: " + BLOB_VERSION + "' \"$@\"",
                "}",
                VmShellParts.urlenc(),
                "store_put() { blob_curl -o /dev/null -H 'x-ms-blob-type: BlockBlob' -T \"$3\" \"$AZ_BLOB/$1/$(urlenc \"$2\" /)\"; }",
                "store_get() { blob_curl -o \"$3\" \"$AZ_BLOB/$1/$(urlenc \"$2\" /)\" 2>/dev/null; }",
                VmShellParts.storeList("restype=container&comp=list&prefix=$(urlenc \"$2\")", "marker",
                        "blob_curl \"$AZ_BLOB/$1?$_q\"",
                        "tr '<' '\\n' | sed -n 's/^Name>//p' | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&apos;/'\"'\"'/g; s/&amp;/\\&/g'",
                        "tr '<' '\\n' | sed -n 's/^NextMarker>//p'"),
                "secret_get() {",
                "  _t=$(az_token https%3A%2F%2Fvault.azure.net) && [ -n \"$_t\" ] || return 1",
                "  _n=$SECRET_PREFIX$(printf '%s' \"$1\" | od -An -tx1 | tr -d ' \\n')",
                "  _b=$(curl -sSf -m 60 --retry 3 -H \"Authorization: Bearer $_t\" \"$AZ_VAULT/secrets/$_n?api-version=7.4\") || return 1",
                "  printf '%s' \"$_b\" | sed -n 's|.*\"value\" *: *\"\\([A-Za-z0-9+/=]*\\)\".*|\\1|p' | base64 -d",
                "}",
                "preempt_notice() {",
                "  _e=$(imds 'scheduledevents?api-version=2020-07-01') || return 1",
                "  _p=$(printf '%s' \"$_e\" | tr '{}' '\\n\\n' | grep '\"EventType\" *: *\"Preempt\"' | head -n 1)",
                "  [ -n \"$_p\" ] || return 1",
                "  echo \"Azure Scheduled Events: Preempt, not before $(printf '%s' \"$_p\" | sed -n 's/.*\"NotBefore\" *: *\"\\([^\"]*\\)\".*/\\1/p')\"",
                "}",
                "node_rank() { imds 'instance/compute/tags?api-version=2021-02-01&format=text' | tr ';' '\\n' | sed -n 's/^skyrun-node://p' | grep .; }");
    }
}
