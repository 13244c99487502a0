package dev.skyrun.aws;

import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.NodeHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;

/**
 * What EC2 says about a cluster's instances, as {@link NodeHealth}: an instance gone with a spot
 * reason, or whose spot request AWS closed for price or capacity, is PREEMPTED; one gone
 * otherwise is STOPPED or GONE; one not yet running is STARTING. The job's side (exit codes,
 * heartbeats, the node's own interruption notice) is {@code cloud.VmStatus}'s to read.
 */
final class Ec2Health {

    /** The spot request status codes that mean AWS took the capacity back. */
    static final Set<String> SPOT_RECLAIMED = Set.of(
            "instance-terminated-by-price", "instance-terminated-capacity-oversubscribed",
            "instance-terminated-no-capacity", "instance-terminated-by-experiment",
            "instance-terminated-capacity", "instance-stopped-by-price", "instance-stopped-no-capacity");
    /** The StateReason code of a spot interruption. */
    static final String SPOT_TERMINATION = "Server.SpotInstanceTermination";
    private static final Set<String> ENDED = Set.of("terminated", "shutting-down", "stopped", "stopping");

    private final Ec2Client ec2;
    private final AwsErrors errors;

    Ec2Health(Ec2Client ec2, AwsErrors errors) {
        this.ec2 = ec2;
        this.errors = errors;
    }

    /** Each of the cluster's instances, in rank order. */
    List<NodeHealth> of(Cluster cluster) {
        Map<String, Instance> byId = Ec2Instances.byIds(ec2, errors, cluster.nodeIds()).stream()
                .collect(Collectors.toMap(Instance::instanceId, Function.identity()));
        return cluster.nodeIds().stream().map(id -> byId.containsKey(id) ? health(byId.get(id))
                : new NodeHealth(id, NodeHealth.Status.GONE, "instance " + id + " no longer exists")).toList();
    }

    private NodeHealth health(Instance i) {
        String id = i.instanceId();
        String state = i.state().nameAsString();
        if (state.equals("running")) {
            return new NodeHealth(id, NodeHealth.Status.UP, "instance " + id + " running");
        }
        if (!ENDED.contains(state)) {
            return new NodeHealth(id, NodeHealth.Status.STARTING, "instance " + id + " " + state);
        }
        String reason = i.stateReason() == null ? "" : i.stateReason().code();
        if (SPOT_TERMINATION.equals(reason)) {
            return new NodeHealth(id, NodeHealth.Status.PREEMPTED, "spot instance " + id + " interrupted (" + reason + ")");
        }
        Optional<String> spotStatus = spotStatus(i);
        if (spotStatus.isPresent() && SPOT_RECLAIMED.contains(spotStatus.get())) {
            return new NodeHealth(id, NodeHealth.Status.PREEMPTED, "spot request of " + id + ": " + spotStatus.get());
        }
        return new NodeHealth(id, NodeHealth.Status.STOPPED, "instance " + id + " " + state + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    private Optional<String> spotStatus(Instance i) {
        if (i.spotInstanceRequestId() == null) {
            return Optional.empty();
        }
        List<SpotInstanceRequest> reqs = errors.call("DescribeSpotInstanceRequests",
                () -> ec2.describeSpotInstanceRequests(r -> r.spotInstanceRequestIds(i.spotInstanceRequestId())).spotInstanceRequests());
        return reqs.stream().filter(s -> s.status() != null).map(s -> s.status().code()).findFirst();
    }
}
