package dev.skyrun.kubernetes;

import dev.skyrun.cloud.NodeState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folds a job's pods into one {@link NodeState}, the recovery model's view of Kubernetes:
 *
 * <ul>
 *   <li>a pod gone (its node drained or deleted, the pod deleted by anyone but skyrun), evicted
 *       ({@code status.reason: Evicted}), stopped by a node shutdown, or carrying the condition
 *       {@code DisruptionTarget=True} (preemption by a higher priority pod, an eviction API call,
 *       a taint manager or a spot node's graceful shutdown) is {@link NodeState.Preempted};
 *   <li>a container that exited non-zero is the job's own failure ({@link NodeState.Failed}, with
 *       {@code OOMKilled} when the kubelet says so); an image that cannot be pulled or a container
 *       that cannot be created is too (exit 125: the job never ran, and retrying will not help);
 *   <li>phase {@code Unknown} (the node stopped reporting) is {@link NodeState.Lost};
 *   <li>otherwise pending until every pod runs, running until every pod has succeeded.
 * </ul>
 */
final class PodStates {

    /** Pod-level reasons of a pod that ended because its node went away. */
    private static final Set<String> NODE_GONE = Set.of("Evicted", "Shutdown", "NodeShutdown", "Terminated", "NodeLost",
            "Preempting", "DeadlineExceeded");

    /** Container waiting reasons that mean the container can never start. */
    private static final Set<String> CANNOT_START = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError");

    private PodStates() {}

    /**
     * @param pods the cluster's pods in rank order, empty where the API has none of that name
     */
    static NodeState of(List<Optional<Pod>> pods) {
        NodeState failed = null;
        boolean pending = false;
        boolean running = false;
        for (int rank = 0; rank < pods.size(); rank++) {
            if (pods.get(rank).isEmpty()) {
                return new NodeState.Preempted("pod of node " + rank + " was deleted outside skyrun (its node drained or deleted)");
            }
            Pod pod = pods.get(rank).get();
            Optional<String> disrupted = disruption(pod);
            if (disrupted.isPresent()) {
                return new NodeState.Preempted("node " + rank + ": " + disrupted.get());
            }
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
            switch (phase) {
                case "Succeeded" -> { }
                case "Failed" -> failed = failed != null ? failed : failed(rank, pod);
                case "Running" -> running = true;
                case "Unknown" -> {
                    return new NodeState.Lost("node " + rank + ": the pod's node stopped reporting (phase Unknown)");
                }
                case "Pending" -> {
                    Optional<String> cannot = cannotStart(pod);
                    if (cannot.isPresent()) {
                        failed = failed != null ? failed : new NodeState.Failed(125, "node " + rank + ": " + cannot.get());
                    }
                    pending = true;
                }
                default -> {
                    return new NodeState.Unrecognized(phase);
                }
            }
        }
        if (failed != null) {
            return failed;
        }
        if (pending) {
            return new NodeState.Pending(pendingDetail(pods));
        }
        return running ? new NodeState.Running() : new NodeState.Succeeded();
    }

    /** Why the pod was taken away, if it was: a DisruptionTarget condition, an eviction, a node shutdown or a deletion. */
    static Optional<String> disruption(Pod pod) {
        String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
        String evicted = reason != null && NODE_GONE.contains(reason)
                ? reason + (pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage()) : null;
        for (PodCondition c : conditions(pod)) {
            if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())) {
                String target = "DisruptionTarget " + c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                return Optional.of(evicted == null ? target : evicted + " (" + target + ")");
            }
        }
        if (evicted != null) {
            return Optional.of(evicted);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("pod is being deleted outside skyrun");
        }
        return Optional.empty();
    }

    /** The reason the scheduler gives for not placing the pod, while it says {@code Unschedulable}. */
    static Optional<String> unschedulable(Pod pod) {
        return conditions(pod).stream().filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                && "Unschedulable".equals(c.getReason())).map(c -> c.getMessage() == null ? "Unschedulable" : c.getMessage()).findFirst();
    }

    /** Whether the scheduler placed the pod on a node. */
    static boolean scheduled(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null
                || conditions(pod).stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static NodeState failed(int rank, Pod pod) {
        Optional<ContainerStateTerminated> t = container(pod).map(s -> s.getState() == null ? null : s.getState().getTerminated());
        if (t.isEmpty()) {
            return new NodeState.Lost("node " + rank + ": pod failed without a container exit ("
                    + pod.getStatus().getReason() + ": " + pod.getStatus().getMessage() + ")");
        }
        int code = t.get().getExitCode() == null ? 1 : t.get().getExitCode();
        if ("OOMKilled".equals(t.get().getReason())) {
            return new NodeState.Failed(code, "OOMKilled");
        }
        return new NodeState.Failed(code, "node " + rank + " exited " + code);
    }

    private static Optional<String> cannotStart(Pod pod) {
        return container(pod).map(s -> s.getState() == null ? null : s.getState().getWaiting())
                .filter(w -> CANNOT_START.contains(w.getReason()))
                .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()));
    }

    private static String pendingDetail(List<Optional<Pod>> pods) {
        return pods.stream().flatMap(Optional::stream).map(PodStates::unschedulable).flatMap(Optional::stream).findFirst()
                .map(m -> "unschedulable: " + m).orElse("pods pending");
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        List<ContainerStatus> all = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
        return all.stream().filter(s -> PodTemplate.CONTAINER.equals(s.getName())).findFirst();
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }
}
