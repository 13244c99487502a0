package dev.skyrun.exec;

import java.util.Objects;

/**
 * Where a VM's bootstrap and the runner meet in the run's object-store prefix: the job script
 * the runner uploads, and what each node reports back. The one place these names are written.
 *
 * <pre>{@code
 * skyrun-state/skyrun/run-42/c1/job.sh            uploaded by submit
 * skyrun-state/skyrun/run-42/c1/node-0/heartbeat  epoch seconds, rewritten every interval
 * skyrun-state/skyrun/run-42/c1/node-0/log        the job's output so far
 * skyrun-state/skyrun/run-42/c1/node-0/exit_code  written once the job ended
 * skyrun-state/skyrun/run-42/c1/node-0/preempting the provider's interruption notice
 * }</pre>
 *
 * @param bucket the bucket
 * @param prefix the key prefix without leading or trailing slash
 */
public record StatusKeys(String bucket, String prefix) {

    public StatusKeys {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The prefix of a cluster of a run. */
    public static StatusKeys of(String bucket, String runId, String clusterName) {
        return new StatusKeys(bucket, "skyrun/" + runId + "/" + clusterName);
    }

    /** The job script, relative to the bucket. */
    public String job() {
        return prefix + "/job.sh";
    }

    /** A node's directory, relative to the bucket. */
    public String node(int rank) {
        return prefix + "/node-" + rank;
    }

    /** A node's heartbeat object. */
    public String heartbeat(int rank) {
        return node(rank) + "/heartbeat";
    }

    /** A node's log object. */
    public String log(int rank) {
        return node(rank) + "/log";
    }

    /** A node's exit code object. */
    public String exitCode(int rank) {
        return node(rank) + "/exit_code";
    }

    /** A node's interruption notice object. */
    public String preempting(int rank) {
        return node(rank) + "/preempting";
    }

    /** {@code BUCKET/KEY}, the form object stores of plug-ins take. */
    public String storeKey(String key) {
        return bucket + "/" + key;
    }
}
