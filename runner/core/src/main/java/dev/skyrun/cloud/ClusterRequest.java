package dev.skyrun.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * What to provision besides the placement: identity, labels and the idempotency token.
 *
 * @param runId the run's id
 * @param clusterName the cluster's name, unique per attempt
 * @param intentToken the intent row's token: a retried or resumed create with it never makes a second set
 * @param labels labels every created resource carries
 * @param diskSizeGib OS disk per node, 0 for the provider default
 * @param acceleratorArgs the task's {@code resources.accelerator_args} (e.g. TPU {@code runtime_version}), as strings
 */
public record ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib,
        Map<String, String> acceleratorArgs) {
    public ClusterRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(intentToken, "intentToken");
        Objects.requireNonNull(labels, "labels");
        acceleratorArgs = Map.copyOf(acceleratorArgs);
    }

    /** A request without accelerator arguments. */
    public ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib) {
        this(runId, clusterName, intentToken, labels, diskSizeGib, Map.of());
    }
}
