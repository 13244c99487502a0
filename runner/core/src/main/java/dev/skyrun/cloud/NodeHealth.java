package dev.skyrun.cloud;

import java.util.Objects;

/**
 * How one provisioned machine is, as the provider's API reports it (not what the job does): the
 * provider's half of a VM cluster's state, which {@link VmStatus} weighs against what the nodes
 * wrote to the status prefix.
 *
 * @param node the provider's name for the machine
 * @param status the status
 * @param detail the provider's words for it (the reason a state carries)
 */
public record NodeHealth(String node, Status status, String detail) {

    /**
     * The statuses skyrun acts on: STARTING (no job yet), UP (whether the job lives is the
     * heartbeat's to say), PREEMPTED (the provider took it back), STOPPED (stopped or terminated,
     * the provider not saying it was preempted), GONE (no longer exists).
     */
    public enum Status { STARTING, UP, PREEMPTED, STOPPED, GONE }

    public NodeHealth {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
