package dev.skyrun.gcp;

import dev.skyrun.storage.RcloneRemote;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rclone {@code google cloud storage} remote of a Compute Engine or TPU VM: the VM's service
 * account through Application Default Credentials (the metadata server), never a key. rclone
 * 1.60 (Debian's) has no {@code env_auth} for GCS and falls back to those credentials when no token
 * is configured; later versions read {@code env_auth}, so both are told. {@code no_check_bucket}:
 * a mount never creates its bucket (the launch checked that it exists) and a write costs one
 * request; {@code bucket_policy_only}: writes carry no object ACL, as buckets with uniform access need.
 */
final class GcsRemote {

    /** The endpoint of Google's GCS JSON API. */
    static final String PUBLIC_ENDPOINT = "https://storage.googleapis.com";

    private GcsRemote() {}

    /**
     * rclone's environment on a node: the remote, and where a test's endpoints override Google's
     * ({@code endpoint} for the JSON API, {@code GCE_METADATA_HOST} for the Go metadata client).
     *
     * @param gcsEndpoint the GCS JSON API base URL the node uses
     * @param metadataEndpoint the metadata server base URL ({@code .../computeMetadata/v1}), or
     *     empty for the VM's own
     */
    static Map<String, String> onNode(String gcsEndpoint, String metadataEndpoint) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("env_auth", "true");
        o.put("bucket_policy_only", "true");
        o.put("no_check_bucket", "true");
        if (!gcsEndpoint.equals(PUBLIC_ENDPOINT)) {
            o.put("endpoint", gcsEndpoint + "/storage/v1/");
        }
        Map<String, String> env = new LinkedHashMap<>(new RcloneRemote("google cloud storage", o).environment());
        if (!metadataEndpoint.isEmpty()) {
            env.put("GCE_METADATA_HOST", URI.create(metadataEndpoint).getRawAuthority());
        }
        return Map.copyOf(env);
    }
}
