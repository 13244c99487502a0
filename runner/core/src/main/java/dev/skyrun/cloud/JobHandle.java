package dev.skyrun.cloud;

import java.util.Objects;

/**
 * A submitted job, as the plug-in identifies it (container ids, a managed job's name...).
 *
 * @param cluster the cluster it runs on
 * @param id the provider's id of the job
 */
public record JobHandle(Cluster cluster, String id) {
    public JobHandle {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(id, "id");
    }
}
