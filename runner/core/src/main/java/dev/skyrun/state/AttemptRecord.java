package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a run: where it ran and how it ended.
 *
 * @param runId the run
 * @param number 1-based
 * @param cloud the cloud
 * @param placement where ({@code local/local})
 * @param clusterName the cluster's name
 * @param status RUNNING while it lives, then how it ended
 * @param startedAt when it was recorded
 * @param endedAt when it ended
 * @param exitCode the job's exit code, when it exited
 * @param reason why it ended ({@code exit 42}, {@code OOMKilled}, {@code killed from outside})
 * @param clusterJson the cluster as the plug-in identifies it, once provisioned
 */
public record AttemptRecord(
        String runId, int number, String cloud, String placement, String clusterName, RunStatus status,
        Instant startedAt, Optional<Instant> endedAt, Optional<Integer> exitCode, Optional<String> reason,
        Optional<String> clusterJson) {

    public AttemptRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(clusterJson, "clusterJson");
    }
}
