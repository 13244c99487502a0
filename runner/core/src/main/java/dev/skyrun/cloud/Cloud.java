package dev.skyrun.cloud;

import dev.skyrun.catalog.Offering;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.plan.Placement;
import java.util.List;

/**
 * An opened cloud: provisions clusters for placements, runs jobs on them and tears them down.
 *
 * <p>Every resource it creates carries the labels of {@link Labels}, so {@code down} and crash
 * recovery find it without local state. Each implementation has one {@code XxxErrors} class,
 * the only place SDK exceptions become {@link CapacityException}, {@link CredentialException}
 * or {@link CloudException}.
 */
public interface Cloud extends AutoCloseable {

    /** The cloud's name. */
    String name();

    /** Whether the credentials work, for {@code skyrun check}. Never prints a credential. */
    CredentialCheck check();

    /**
     * Today's prices and availability for offerings the plan is about to try, where the
     * cloud has them (e.g. spot price history); offerings it knows nothing of come back as given.
     */
    List<Offering> liveOfferings(List<Offering> candidates);

    /**
     * Creates (or adopts, by {@link ClusterRequest#intentToken()}) the nodes of a cluster.
     * Idempotent: a retried or resumed call with the same token never creates a second set.
     */
    Cluster provision(Placement placement, ClusterRequest request) throws CapacityException, CloudException;

    /** The job's state on a cluster, including {@link NodeState.Preempted}. */
    NodeState state(Cluster cluster);

    /** Starts the job on every node of the cluster. */
    JobHandle submit(Cluster cluster, JobSpec job);

    /** Removes everything the cluster has; idempotent and verified, so nothing is left billing. */
    void terminate(Cluster cluster);

    /** Everything this cloud holds that carries the given labels, independent of local state. */
    List<CloudResource> findLabelled(Labels labels);

    /** Releases clients; does not touch clusters. */
    @Override
    void close();
}
