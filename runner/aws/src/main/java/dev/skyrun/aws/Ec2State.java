package dev.skyrun.aws;

import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
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
 * A cluster's job state from what EC2 says about its instances and what the nodes wrote to the
 * run's status prefix. Exit codes decide first (the job's own verdict); then an instance gone with
 * a spot reason, a spot request closed by price or capacity, or the node's own interruption
 * notice is PREEMPTED; a node gone otherwise, or silent too long, is LOST.
 */
final class Ec2State {

    /** The spot request status codes that mean AWS took the capacity back. */
    static final Set<String> SPOT_RECLAIMED = Set.of(
            "instance-terminated-by-price", "instance-terminated-capacity-oversubscribed",
            "instance-terminated-no-capacity", "instance-terminated-by-experiment",
            "instance-terminated-capacity", "instance-stopped-by-price", "instance-stopped-no-capacity");
    /** The StateReason code of a spot interruption. */
    static final String SPOT_TERMINATION = "Server.SpotInstanceTermination";

    private final Ec2Client ec2;
    private final AwsErrors errors;
    private final ObjectStore store;
    private final Clock clock;
    private final Duration heartbeatTimeout;

    Ec2State(Ec2Client ec2, AwsErrors errors, ObjectStore store, Clock clock, Duration heartbeatTimeout) {
        this.ec2 = ec2;
        this.errors = errors;
        this.store = store;
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    NodeState read(Cluster cluster, StatusKeys keys) {
        List<String> ids = cluster.nodeIds();
        Optional<NodeState> verdict = exitVerdict(keys, ids.size());
        if (verdict.isPresent()) {
            return verdict.get();
        }
        Map<String, Instance> byId = Ec2Instances.byIds(ec2, errors, ids).stream()
                .collect(Collectors.toMap(Instance::instanceId, Function.identity()));
        for (int rank = 0; rank < ids.size(); rank++) {
            Instance i = byId.get(ids.get(rank));
            Optional<NodeState> gone = i == null
                    ? Optional.of(new NodeState.Lost("instance " + ids.get(rank) + " no longer exists"))
                    : ended(i, keys, rank);
            if (gone.isPresent()) {
                return gone.get();
            }
        }
        for (int rank = 0; rank < ids.size(); rank++) {
            Optional<String> notice = read(keys.preempting(rank), keys);
            if (notice.isPresent()) {
                return new NodeState.Preempted("spot interruption notice on node " + rank + ": " + notice.get().strip());
            }
        }
        return liveness(byId, ids, keys);
    }

    private Optional<NodeState> exitVerdict(StatusKeys keys, int nodes) {
        int done = 0;
        for (int rank = 0; rank < nodes; rank++) {
            Optional<String> code = read(keys.exitCode(rank), keys);
            if (code.isPresent()) {
                int exit = parseExit(code.get());
                if (exit != 0 && read(keys.preempting(rank), keys).isPresent()) {
                    return Optional.of(new NodeState.Preempted("node " + rank + " exited " + exit + " after a spot interruption notice"));
                }
                if (exit != 0) {
                    return Optional.of(new NodeState.Failed(exit, exit == 137 ? "killed (exit 137)" : "exit " + exit + " on node " + rank));
                }
                done++;
            }
        }
        return done == nodes ? Optional.of(new NodeState.Succeeded()) : Optional.empty();
    }

    private Optional<NodeState> ended(Instance i, StatusKeys keys, int rank) {
        String state = i.state().nameAsString();
        if (!state.equals("terminated") && !state.equals("shutting-down") && !state.equals("stopped") && !state.equals("stopping")) {
            return Optional.empty();
        }
        String reason = i.stateReason() == null ? "" : i.stateReason().code();
        if (SPOT_TERMINATION.equals(reason)) {
            return Optional.of(new NodeState.Preempted("spot instance " + i.instanceId() + " interrupted (" + reason + ")"));
        }
        Optional<String> spotStatus = spotStatus(i);
        if (spotStatus.isPresent() && SPOT_RECLAIMED.contains(spotStatus.get())) {
            return Optional.of(new NodeState.Preempted("spot request of " + i.instanceId() + ": " + spotStatus.get()));
        }
        if (read(keys.preempting(rank), keys).isPresent()) {
            return Optional.of(new NodeState.Preempted("instance " + i.instanceId() + " " + state + " after a spot interruption notice"));
        }
        return Optional.of(new NodeState.Lost("instance " + i.instanceId() + " " + state + (reason.isEmpty() ? "" : " (" + reason + ")")));
    }

    private Optional<String> spotStatus(Instance i) {
        if (i.spotInstanceRequestId() == null) {
            return Optional.empty();
        }
        List<SpotInstanceRequest> reqs = errors.call("DescribeSpotInstanceRequests",
                () -> ec2.describeSpotInstanceRequests(r -> r.spotInstanceRequestIds(i.spotInstanceRequestId())).spotInstanceRequests());
        return reqs.stream().filter(s -> s.status() != null).map(s -> s.status().code()).findFirst();
    }

    private NodeState liveness(Map<String, Instance> byId, List<String> ids, StatusKeys keys) {
        long now = clock.instant().getEpochSecond();
        for (int rank = 0; rank < ids.size(); rank++) {
            Instance i = byId.get(ids.get(rank));
            if (!"running".equals(i.state().nameAsString())) {
                return new NodeState.Pending("instance " + i.instanceId() + " " + i.state().nameAsString());
            }
            Optional<String> beat = read(keys.heartbeat(rank), keys);
            if (beat.isEmpty()) {
                return new NodeState.Pending("node " + rank + " booting: no heartbeat yet");
            }
            long age = now - parseLong(beat.get());
            if (age > heartbeatTimeout.toSeconds()) {
                return new NodeState.Lost("node " + rank + " (" + i.instanceId() + ") silent for " + age + " s");
            }
        }
        return new NodeState.Running();
    }

    private Optional<String> read(String key, StatusKeys keys) {
        try (InputStream in = store.open(keys.storeKey(key))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new dev.skyrun.cloud.CloudException("aws: cannot read run status " + key + ": " + e.getMessage(), e);
        }
    }

    private static int parseExit(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 255;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
