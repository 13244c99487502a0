package dev.skyrun.local;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.exec.JobScript;
import java.util.Map;

/**
 * Folds the inspected containers of a cluster into one {@link NodeState}.
 *
 * <p>OOMKilled=true is the job's own failure; a container killed or removed by anyone but
 * skyrun (seen as a Docker {@code kill} or {@code destroy} event) is a preemption: exit 137
 * alone proves neither. With no controller there to see the event, a node's last stderr lines
 * tell: a node whose first process ended without printing {@link JobScript#EXIT_MARK} was killed
 * from outside; a wrapper whose start payload was cut short ({@link JobScript#PAYLOAD_CUT}: its
 * launch died while starting it) never ran the job, which is skyrun's failure, not the job's.
 */
final class NodeStates {

    /** How many of an ended node's last stderr lines are read to classify its ending. */
    static final int TAIL_LINES = 5;

    private NodeStates() {}

    /**
     * @param stderrTails the last {@link #TAIL_LINES} stderr lines of each node that exited non-zero
     *     (not OOM-killed), by rank
     */
    static NodeState of(Map<Integer, InspectContainerResponse> byRank, int expected, boolean killedFromOutside,
            Map<Integer, String> stderrTails) {
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
                    NodeState ended = ended(e.getKey(), s, killedFromOutside, stderrTails.get(e.getKey()));
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
    private static NodeState ended(int rank, ContainerState s, boolean killedFromOutside, String stderrTail) {
        long code = s.getExitCodeLong() == null ? -1 : s.getExitCodeLong();
        if (Boolean.TRUE.equals(s.getOOMKilled())) {
            return new NodeState.Failed((int) code, "OOMKilled");
        }
        boolean noExitMark = stderrTail != null && code >= 128 && !stderrTail.contains(JobScript.EXIT_MARK);
        if (killedFromOutside || noExitMark) {
            return new NodeState.Preempted("node " + rank + " was killed from outside skyrun (exit " + code + ")");
        }
        if (code == 0) {
            return null;
        }
        if (stderrTail != null && stderrTail.contains(JobScript.PAYLOAD_CUT)) {
            return new NodeState.Lost("node " + rank + " never got its start payload: the launch starting it was"
                    + " stopped (exit " + code + "); the job did not run");
        }
        return new NodeState.Failed((int) code, "node " + rank + " exited " + code);
    }
}
