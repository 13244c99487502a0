package dev.skyrun.cloud;

import dev.skyrun.catalog.Offering;
import dev.skyrun.exec.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An opened cloud: provisions clusters for placements, runs jobs on them and tears them down.
 *
 * <p>Every resource it creates carries the labels of {@link Labels}, so {@code down} and crash
 * recovery find it without local state. Each implementation has one {@code XxxErrors} class,
 * the only place SDK exceptions become {@link CapacityException}, {@link CredentialException}
 * or {@link CloudException}.
 *
 * <p>Changes from the first cut (made while building {@code local}): {@link #submit} takes the
 * job's {@link Secrets} separately (values never enter the {@link JobSpec}); {@link #logs},
 * {@link #exec} and {@link #awaitChange} have defaults a plug-in overrides where the provider
 * can do better (logs of VM clouds come from the run's store prefix). Taking down is split
 * (issue 15): a plug-in says what its compute is ({@link #compute}, {@link #findCompute},
 * {@link #terminateCompute}, {@link #liveCompute}) apart from its auxiliaries
 * ({@link #auxiliaryKinds}, {@link #findAuxiliary}, {@link #remove}); {@link Teardown} in core
 * orders, verifies and reports the steps the same way for every cloud.
 */
public interface Cloud extends AutoCloseable {

    /** The auxiliary kind of the secrets a plug-in keeps for a cluster (removed by a teardown, never listed). */
    String SECRET = "secret";

    /** The cloud's name. */
    String name();

    /** Whether the credentials work, for {@code skyrun check}. Never prints a credential. */
    CredentialCheck check();

    /**
     * Today's prices and availability for offerings the plan is about to try, where the
     * cloud has them (e.g. spot price history); offerings it knows nothing of come back as given.
     * The default: the cloud has no live prices, so the catalog's stand ({@code candidates} as given).
     */
    default List<Offering> liveOfferings(List<Offering> candidates) {
        return candidates;
    }

    /**
     * The offerings this cloud reads from its own machines because no catalog lists them (the nodes
     * of a Kubernetes context), with free counts: {@code plan} and {@code launch} rank them with the
     * catalog's, {@code show-gpus} lists them. Only asked of clouds whose provider says
     * {@link CloudProvider#listsOwnOffers}. The default: none.
     */
    default List<LiveOffer> ownOffers() {
        return List.of();
    }

    /**
     * Every offering of this cloud in {@code regions} read from the provider's public price list
     * (with accelerator details and today's spot prices), for {@code skyrun catalog refresh}. The
     * default says the plug-in has no such list.
     */
    default List<Offering> priceList(List<String> regions) {
        throw new CloudException(name() + " has no price list skyrun can read; plan with the bundled catalog or a SkyPilot one");
    }

    /**
     * Creates (or adopts, by {@link ClusterRequest#intentToken()}) the nodes of a cluster.
     * Idempotent: a retried or resumed call with the same token never creates a second set.
     */
    Cluster provision(Placement placement, ClusterRequest request) throws CapacityException, CloudException;

    /** The job's state on a cluster, including {@link NodeState.Preempted}. */
    NodeState state(Cluster cluster);

    /**
     * Starts the job on every node of the cluster, handing it {@code secrets} through a channel
     * that leaves no copy behind (not in labels, instance metadata or files skyrun writes). A
     * managed service that creates its machines only now (Vertex AI's CustomJob) may refuse
     * with a {@link CapacityException} naming the scope to block, as a provision would.
     */
    JobHandle submit(Cluster cluster, JobSpec job, Secrets secrets) throws CapacityException, CloudException;

    /**
     * Blocks until the cluster's state differs from {@code last} or {@code max} has passed, and
     * returns the state then. The default polls {@link #state}; plug-ins with an event stream
     * (Docker events) answer sooner.
     */
    default NodeState awaitChange(Cluster cluster, NodeState last, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        NodeState now = state(cluster);
        while (now.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            now = state(cluster);
        }
        return now;
    }

    /**
     * Hands the job's log lines to {@code sink}, from the start; with {@link LogQuery#follow()}
     * until the job ends. The default says the plug-in cannot (VM clouds read the run's store).
     */
    default void logs(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        throw new CloudException(name() + " cannot stream logs of cluster " + cluster.name());
    }

    /**
     * Runs a command next to the job on one node and returns its exit code; output goes to
     * {@code sink}. The default says the plug-in cannot.
     */
    default int exec(Cluster cluster, int node, List<String> command, Consumer<LogLine> sink) {
        throw new CloudException(name() + " cannot exec into cluster " + cluster.name());
    }

    /**
     * Removes everything the cluster has through {@link Teardown} (compute first, verified, then
     * auxiliaries); idempotent, so nothing is left billing.
     *
     * @throws CloudException naming what is left, when something is
     */
    default void terminate(Cluster cluster) {
        TeardownReport report = Teardown.of(this).run(labels(cluster), compute(cluster));
        if (!report.complete()) {
            throw new CloudException(name() + ": taking down cluster " + cluster.name() + " left " + report.describeLeft()
                    + "; skyrun down retries");
        }
    }

    /** The labels everything of the cluster carries. The default reads the run from the attribute {@code run}. */
    default Labels labels(Cluster cluster) {
        return Labels.cluster(cluster.attributes().getOrDefault("run", ""), cluster.name());
    }

    /**
     * The compute a cluster was provisioned with (instances, VMs, TPU nodes, a managed job), from
     * the cluster alone, without asking the provider: state records it, so a teardown terminates
     * it even when listing by label fails.
     */
    List<CloudResource> compute(Cluster cluster);

    /** The compute carrying the labels that the provider does not show terminated: what may bill. */
    List<CloudResource> findCompute(Labels labels);

    /** Asks the provider to terminate these compute resources, without waiting; absent ones are fine. */
    void terminateCompute(List<CloudResource> compute);

    /** Those of {@code compute} the provider does not show terminated yet; one it no longer knows is terminated. */
    List<CloudResource> liveCompute(List<CloudResource> compute);

    /**
     * The kinds of auxiliary resources this cloud makes (disks left after termination, groups,
     * secrets...), in the order a teardown removes them once the compute is gone.
     */
    List<String> auxiliaryKinds();

    /** The auxiliaries of one of {@link #auxiliaryKinds()} carrying the labels. */
    List<CloudResource> findAuxiliary(String kind, Labels labels);

    /** How a teardown verifies this cloud's compute terminated. */
    default TeardownPace teardownPace() {
        return TeardownPace.DEFAULT;
    }

    /**
     * Everything this cloud holds that carries the given labels, compute first, independent of
     * local state; {@link #SECRET}s are not listed (a teardown removes them). A label with an empty
     * value matches any value of that key ({@code skyrun-run=""}: every run's).
     */
    default List<CloudResource> findLabelled(Labels labels) {
        List<CloudResource> out = new java.util.ArrayList<>(findCompute(labels));
        auxiliaryKinds().stream().filter(kind -> !kind.equals(SECRET)).forEach(kind -> out.addAll(findAuxiliary(kind, labels)));
        return out;
    }

    /** Removes one resource {@link #findLabelled} returned (compute: asks it terminated); absent is fine. */
    void remove(CloudResource resource);

    /**
     * The image reference pinned by digest that a job naming {@code image} would run, e.g.
     * {@code ghcr.io/acme/trainer@sha256:...} or, for an image built on this machine only,
     * {@code sha256:IMAGE_ID}; empty where the plug-in cannot tell. Releases record it, and a
     * rollback runs exactly it.
     */
    default Optional<String> imageDigest(String image) {
        return Optional.empty();
    }

    /**
     * How long a watch goes on while {@link #state} throws (its store or the provider does not answer)
     * before the nodes count as lost and the run recovers elsewhere. VM clouds use their heartbeat
     * timeout: no heartbeat can be judged meanwhile.
     */
    default Duration unreadableLimit() {
        return Duration.ofMinutes(5);
    }

    /** Releases clients; does not touch clusters. */
    @Override
    void close();
}
