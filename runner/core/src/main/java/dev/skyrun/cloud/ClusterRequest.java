package dev.skyrun.cloud;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to provision besides the placement: identity, labels and the idempotency token.
 *
 * @param runId the run's id
 * @param clusterName the cluster's name, unique per attempt
 * @param intentToken the intent row's token: a retried or resumed create with it never makes a second set
 * @param labels labels every created resource carries
 * @param diskSizeGib OS disk per node, 0 for the provider default
 * @param acceleratorArgs the task's {@code resources.accelerator_args} (e.g. TPU {@code runtime_version}), as strings
 * @param avoidZones zones of the placement's region where this run already met no capacity for its
 *     instance type; a plug-in that picks the zone of a placement naming none picks another
 */
public record ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib,
        Map<String, String> acceleratorArgs, Set<String> avoidZones) {
    public ClusterRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(intentToken, "intentToken");
        Objects.requireNonNull(labels, "labels");
        acceleratorArgs = Map.copyOf(acceleratorArgs);
        avoidZones = Set.copyOf(avoidZones);
    }

    /** A request that avoids no zone. */
    public ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib,
            Map<String, String> acceleratorArgs) {
        this(runId, clusterName, intentToken, labels, diskSizeGib, acceleratorArgs, Set.of());
    }

    /** A request without accelerator arguments that avoids no zone. */
    public ClusterRequest(String runId, String clusterName, String intentToken, Labels labels, int diskSizeGib) {
        this(runId, clusterName, intentToken, labels, diskSizeGib, Map.of(), Set.of());
    }

    /** This request avoiding {@code zones}. */
    public ClusterRequest avoiding(Set<String> zones) {
        return new ClusterRequest(runId, clusterName, intentToken, labels, diskSizeGib, acceleratorArgs, zones);
    }

    /** This request with its labels also naming its run and cluster ({@link Labels#RUN}, {@link Labels#CLUSTER}). */
    public ClusterRequest labelled() {
        return new ClusterRequest(runId, clusterName, intentToken, labels.with(Labels.RUN, runId).with(Labels.CLUSTER, clusterName),
                diskSizeGib, acceleratorArgs, avoidZones);
    }
}
