package dev.skyrun.exec;

/**
 * The cloud-specific part of a VM's bootstrap script: POSIX {@code sh} functions that talk to
 * the cloud's object store, secret store and instance metadata. {@link VmBootstrap} renders
 * everything else (containers, mounts, heartbeat, logs, exit code) the same for every cloud.
 *
 * <p>The functions a shell defines:
 * <pre>{@code
 * store_put BUCKET KEY FILE     # upload FILE; non-zero on failure
 * store_get BUCKET KEY FILE     # download to FILE; non-zero when absent or on failure
 * store_list BUCKET PREFIX      # print the keys under PREFIX, one per line
 * secret_get NAME               # print the secret's value, byte for byte, no trailing newline added
 * preempt_notice                # print the provider's interruption notice and succeed, or fail when there is none
 * node_rank                     # print this node's rank (0-based); fails until the provider knows it
 * }</pre>
 * Implementations: the AWS plug-in's S3/SSM/IMDS shell; GCP's GCS/Secret Manager/metadata shell.
 */
public interface VmShell {

    /** The URI scheme of the store the functions reach: {@code s3}, {@code gs}. */
    String scheme();

    /** The function definitions (and any variables they need), POSIX sh, no secret values. */
    String functions();

    /**
     * The environment {@code rclone} needs on a node to mount this shell's store with the node's
     * own identity: the remote {@link dev.skyrun.storage.RcloneRemote#NAME} as {@code RCLONE_CONFIG_SKYRUN_*}
     * and anything its credential chain reads (never a key). Empty (the default) when this
     * cloud's nodes do not mount, so {@code MOUNT} and {@code MOUNT_CACHED} are refused there.
     */
    default java.util.Map<String, String> mountEnvironment() {
        return java.util.Map.of();
    }
}
