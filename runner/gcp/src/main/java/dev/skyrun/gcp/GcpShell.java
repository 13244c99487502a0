package dev.skyrun.gcp;

import dev.skyrun.exec.VmShell;
import dev.skyrun.exec.VmShellParts;
import java.util.Map;
import java.util.Optional;

/**
 * The Google Cloud side of a VM's bootstrap: GCS through its JSON API with the VM service
 * account's token from the metadata server, secrets from Secret Manager, the spot preemption
 * notice from the metadata server's {@code instance/preempted}, and the node's rank from the
 * {@code skyrun-node} metadata attribute (times the slice's workers, plus the TPU worker number).
 * Needs only {@code curl}, {@code sed}, {@code awk}, {@code base64}; {@code MOUNT} and
 * {@code MOUNT_CACHED} of {@code gs://} are rclone mounts with the same service account ({@link GcsRemote}).
 *
 * @param project the project of the secrets
 * @param gcsEndpoint GCS JSON API base URL
 * @param metadataEndpoint metadata server base URL ({@code .../computeMetadata/v1})
 * @param secretsEndpoint Secret Manager base URL
 * @param secretPrefix the secret id prefix of the cluster's secrets
 * @param workersPerNode worker VMs per skyrun node (TPU slices), 1 for Compute Engine
 * @param mountEnvironment rclone's GCS remote with the VM's service account ({@link GcsRemote#onNode})
 */
record GcpShell(String project, String gcsEndpoint, String metadataEndpoint, String secretsEndpoint, String secretPrefix,
        int workersPerNode, Map<String, String> mountEnvironment) implements VmShell {

    /** The shell for Google's public endpoints, or the configured overrides. */
    static GcpShell of(GcpConfig config, String secretPrefix, int workersPerNode) {
        var s = config.settings();
        String base = config.endpointBase().orElse(null);
        String gcs = VmShellParts.baseUrl(s.property("gcs_endpoint").orElse(base != null ? base : GcsRemote.PUBLIC_ENDPOINT));
        Optional<String> metadata = s.property("metadata_endpoint").map(VmShellParts::baseUrl);
        return new GcpShell(config.project(), gcs, metadata.orElse("http://metadata.google.internal/computeMetadata/v1"),
                VmShellParts.baseUrl(s.property("secrets_endpoint").orElse(base != null ? base : "https://secretmanager.googleapis.com")),
                secretPrefix, workersPerNode, GcsRemote.onNode(gcs, metadata.orElse("")));
    }

    @Override
    public String scheme() {
        return "gs";
    }

    @Override
    public String functions() {
        return String.join("\n",
                VmShellParts.assign("GCS_URL", gcsEndpoint) + "; WORKERS=" + workersPerNode,
                secretFunctions(),
                VmShellParts.urlenc(),
                "store_put() { gcp_curl -o /dev/null -X POST -H 'Content-Type: application/octet-stream' --data-binary \"@$3\""
                        + " \"$GCS_URL/upload/storage/v1/b/$1/o?uploadType=media&name=$(urlenc \"$2\")\"; }",
                "store_get() { gcp_curl -o \"$3\" \"$GCS_URL/storage/v1/b/$1/o/$(urlenc \"$2\")?alt=media\" 2>/dev/null; }",
                VmShellParts.storeList("prefix=$(urlenc \"$2\")&fields=items(name),nextPageToken", "pageToken",
                        "gcp_curl \"$GCS_URL/storage/v1/b/$1/o?$_q\"",
                        "tr ',{}' '\\n\\n\\n' | sed -n 's/^ *\"name\" *: *\"\\(.*\\)\" *$/\\1/p'",
                        "tr ',{}' '\\n\\n\\n' | sed -n 's/^ *\"nextPageToken\" *: *\"\\(.*\\)\" *$/\\1/p'"),
                "preempt_notice() { _p=$(md instance/preempted) && [ \"$_p\" = TRUE ] && echo 'metadata server: instance/preempted=TRUE'; }",
                "node_rank() {",
                "  _n=$(md instance/attributes/skyrun-node) || return 1",
                "  _w=$(md instance/attributes/agent-worker-number || echo 0)",
                "  echo $((_n * WORKERS + _w))",
                "}");
    }

    /**
     * The metadata server and Secret Manager part alone ({@code md}, {@code gcp_curl} with the
     * service account's token, {@code secret_get}): what a Vertex AI container needs to read its
     * secrets by reference.
     */
    String secretFunctions() {
        return String.join("\n",
                VmShellParts.assign("MD_URL", metadataEndpoint, "SM_URL", secretsEndpoint),
                VmShellParts.assign("GCP_PROJECT", project, "SECRET_PREFIX", secretPrefix),
                "md() { curl -sf -m 5 -H 'Metadata-Flavor: Google' \"$MD_URL/$1\"; }",
                "gcp_auth() {",
                "  _t=$(md instance/service-accounts/default/token | sed -n 's/.*\"access_token\" *: *\"\\([^\"]*\\)\".*/\\1/p')",
                "  if [ -n \"$_t\" ]; then printf 'Authorization: Bearer %s' \"$_t\"; else printf 'X-Skyrun-Auth: none'; fi",
                "}",
                "gcp_curl() { curl -sSf -g -m 300 --retry 3 -H \"$(gcp_auth)\" \"$@\"; }",
                "secret_get() {",
                "  _b=$(gcp_curl \"$SM_URL/v1/projects/$GCP_PROJECT/secrets/$SECRET_PREFIX$1/versions/latest:access\") || return 1",
                "  printf '%s' \"$_b\" | tr ',{}' '\\n\\n\\n' | sed -n 's|^ *\"data\" *: *\"\\([A-Za-z0-9+/=_-]*\\)\" *$|\\1|p' | base64 -d",
                "}");
    }
}
