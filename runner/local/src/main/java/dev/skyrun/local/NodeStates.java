package dev.skyrun.local;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import dev.skyrun.cloud.NodeState;
import java.util.Map;

/**
 * Folds the inspected containers of a cluster into one {@link NodeState}.
 *
 * <p>OOMKilled=true is the job's own failure; a container killed or removed by anyone but
 * skyrun (seen as a Docker {@code kill} or {@code destroy} event) is a preemption: exit 137
 * alone proves neither.
 */
final class NodeStates {

    private NodeStates() {}

    static NodeState of(Map<Integer, InspectContainerResponse> byRank, int expected, boolean killedFromOutside) {
        if (byRank.size() < expected) {
            return new NodeState.Preempted((expected - byRank.size()) + " of " + expected
                    + " containers were removed from outside skyrun");
        }
        boolean anyRunning = false;
        boolean anyCreated = false;
        NodeState failed = null;
        for (Map.Entry<Integer, InspectContainerResponse> e : byRank.entrySet()) {
            ContainerState s = e.getValue().getState();
            String status = s.getStatus() == null ? "" : s.getStatus();
            switch (status) {
                case "running", "restarting", "paused" -> anyRunning = true;
                case "created" -> anyCreated = true;
                case "exited", "dead" -> {
                    NodeState ended = ended(e.getKey(), s, killedFromOutside);
                    if (ended instanceof NodeState.Preempted) {
                        return ended;
                    }
                    if (ended != null && failed == null) {
                        failed = ended;
                    }
                }
                case "removing" -> {
                    return killedFromOutside ? new NodeState.Preempted("node " + e.getKey() + " removed from outside skyrun")
                            : new NodeState.Lost("node " + e.getKey() + " is being removed");
                }
                default -> {
                    return new NodeState.Unrecognized(status);
                }
            }
        }
        if (failed != null) {
            return failed;
        }
        if (anyCreated) {
            return new NodeState.Pending("containers created");
        }
        return anyRunning ? new NodeState.Running() : new NodeState.Succeeded();
    }

    /** An exited node: null for exit 0, else its failure or preemption. */
    private static NodeState ended(int rank, ContainerState s, boolean killedFromOutside) {
        long code = s.getExitCodeLong() == null ? -1 : s.getExitCodeLong();
        if (Boolean.TRUE.equals(s.getOOMKilled())) {
            return new NodeState.Failed((int) code, "OOMKilled");
        }
        if (killedFromOutside) {
            return new NodeState.Preempted("node " + rank + " was killed from outside skyrun (exit " + code + ")");
        }
        if (code == 0) {
            return null;
        }
        return new NodeState.Failed((int) code, "node " + rank + " exited " + code);
    }
}
