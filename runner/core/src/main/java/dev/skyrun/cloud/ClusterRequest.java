package dev.skyrun.cloud;

import java.util.Objects;

/**
 * What to provision besides the placement: identity, labels and the idempotency token.
 *
 * @param runId the run's id
 * @param clusterName the cluster's name, unique per attempt
 * @param intentToken the intent row's token: a retried or resumed create with it never makes a second set
 * @param labels labels every created resource carries
 * @param diskSizeGib OS disk per node, 0 for the provider default
 */
public record ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib) {
    public ClusterRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(intentToken, "intentToken");
        Objects.requireNonNull(labels, "labels");
    }
}
