package dev.skyrun.gcp;

import java.util.Objects;

/**
 * Where one cluster's job keeps its files in GCS, under the run store:
 * {@code <store>/<run>/<cluster>/job.sh} (the job, written at submit) and per node
 * {@code node-<rank>/status}, {@code heartbeat}, {@code log}, {@code exit_code}, {@code preempted}.
 *
 * @param bucket the bucket
 * @param prefix the cluster's key prefix, ending in {@code /}
 */
record RunPrefix(String bucket, String prefix) {

    /** The files a node's startup script writes. */
    enum NodeFile {
        STATUS("status"), HEARTBEAT("heartbeat"), LOG("log"), EXIT_CODE("exit_code"), PREEMPTED("preempted");

        final String file;

        NodeFile(String file) {
            this.file = file;
        }
    }

    RunPrefix {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The prefix of a cluster of a run under the configured store. */
    static RunPrefix of(GcpConfig config, String runId, String cluster) {
        return new RunPrefix(config.bucket(), config.prefix() + runId + "/" + cluster + "/");
    }

    /** The job script's key. */
    String job() {
        return prefix + "job.sh";
    }

    /** A node's file's key. */
    String node(int rank, NodeFile f) {
        return prefix + "node-" + rank + "/" + f.file;
    }

    /** The key relative to the store root (for a {@link GcsStore} rooted at the store). */
    String relativeTo(GcpConfig config, String key) {
        return key.substring(config.prefix().length());
    }
}
