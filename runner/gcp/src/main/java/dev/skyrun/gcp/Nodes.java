package dev.skyrun.gcp;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.Placement;
import java.util.List;

/** One kind of Google Cloud machine skyrun provisions: Compute Engine instances or TPU VMs. */
interface Nodes {

    /**
     * Creates the nodes (adopting those a previous call with the same intent token made) and
     * waits until the provider has them.
     *
     * @param startupScript every node's startup script; each node also gets its rank as metadata {@code skyrun-node}
     * @return the node names, rank order
     */
    List<String> create(Placement placement, ClusterRequest request, String startupScript) throws CapacityException;

    /** The internal IPs of every worker VM, rank order. */
    List<String> ips(Cluster cluster);

    /** Deletes one node ({@link #find} or {@link #compute} named it); absent is fine. */
    void remove(CloudResource resource);

    /** The cluster's nodes as resources, from its recorded names. */
    List<CloudResource> compute(Cluster cluster);

    /** Whether the provider still has the node (a deleted one is gone). */
    boolean exists(CloudResource resource);

    /** Each node's health, rank order. */
    List<NodeHealth> health(Cluster cluster);

    /** Nodes carrying the labels. */
    List<CloudResource> find(Labels labels);
}
