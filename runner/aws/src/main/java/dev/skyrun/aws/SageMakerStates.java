package dev.skyrun.aws;

import dev.skyrun.cloud.NodeState;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SageMaker training job's {@code TrainingJobStatus}, {@code SecondaryStatus} and
 * {@code FailureReason} as skyrun's {@link NodeState}: a pure table.
 *
 * <ul>
 *   <li>InProgress: Training, Uploading, Updating are RUNNING; the rest (Starting,
 *       LaunchingMLInstances, Downloading..., and Interrupted/Restarting while SageMaker itself
 *       waits for spot capacity and restarts from the checkpoints) are PENDING.</li>
 *   <li>Completed is SUCCEEDED.</li>
 *   <li>A spot job that ended Interrupted or MaxWaitTimeExceeded is PREEMPTED (skyrun blocks the
 *       placement and recovers elsewhere, from the same checkpoints).</li>
 *   <li>A FailureReason naming a capacity error ({@code CapacityError}, insufficient capacity) is
 *       LOST: no capacity for that type in that region, so the controller moves on.</li>
 *   <li>Any other failure is the algorithm's: FAILED with the exit code the reason reports
 *       ({@code skyrun: exit N} written to {@code /opt/ml/output/failure}, or SageMaker's own
 *       {@code exit code: N}), else 1. Stopping/Stopped is FAILED 130 (stopped), MaxRuntimeExceeded 124.</li>
 * </ul>
 */
final class SageMakerStates {

    /** Secondary statuses of a job whose container runs. */
    private static final Set<String> RUNNING = Set.of("Training", "Uploading", "Updating");
    /** Secondary statuses that mean the spot capacity was taken back. */
    private static final Set<String> SPOT_LOSS = Set.of("Interrupted", "MaxWaitTimeExceeded");
    private static final Pattern SKYRUN_EXIT = Pattern.compile("skyrun: exit (\\d+)");
    private static final Pattern EXIT = Pattern.compile("(?i)exit(?:ed with)?[ _]?code[: =]*(\\d+)");

    private SageMakerStates() {}

    /** The state of job {@code name}. */
    static NodeState of(String name, String status, String secondary, String failureReason, boolean spot) {
        String reason = failureReason == null ? "" : failureReason.strip();
        String sec = secondary == null ? "" : secondary;
        return switch (status == null ? "" : status) {
            case "InProgress" -> RUNNING.contains(sec) ? new NodeState.Running()
                    : new NodeState.Pending("training job " + name + " is " + sec + (SPOT_LOSS.contains(sec)
                            ? " (SageMaker waits for spot capacity and restarts it from the checkpoints)" : ""));
            case "Completed" -> new NodeState.Succeeded();
            case "Failed" -> failed(name, sec, reason, spot);
            case "Stopping", "Stopped" -> stopped(name, sec, reason, spot);
            default -> new NodeState.Unrecognized(status + "/" + sec);
        };
    }

    private static NodeState failed(String name, String secondary, String reason, boolean spot) {
        if (spot && SPOT_LOSS.contains(secondary)) {
            return new NodeState.Preempted("training job " + name + ": spot capacity " + secondary + ": " + reason);
        }
        if (capacity(reason)) {
            return new NodeState.Lost("training job " + name + " got no capacity: " + reason);
        }
        return new NodeState.Failed(exitCode(reason), "training job " + name + " failed: " + reason);
    }

    private static NodeState stopped(String name, String secondary, String reason, boolean spot) {
        if (spot && SPOT_LOSS.contains(secondary)) {
            return new NodeState.Preempted("training job " + name + ": spot capacity " + secondary
                    + (reason.isEmpty() ? "" : ": " + reason));
        }
        if (secondary.equals("MaxRuntimeExceeded")) {
            return new NodeState.Failed(124, "training job " + name + " ran past its MaxRuntimeInSeconds");
        }
        return new NodeState.Failed(130, "training job " + name + " was stopped");
    }

    /** Whether a FailureReason says SageMaker found no capacity for the instance type. */
    static boolean capacity(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return r.contains("capacityerror") || r.contains("insufficient capacity") || r.contains("insufficientcapacity");
    }

    /** The exit code a FailureReason reports, else 1. */
    static int exitCode(String reason) {
        Matcher m = SKYRUN_EXIT.matcher(reason);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        m = EXIT.matcher(reason);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
}
