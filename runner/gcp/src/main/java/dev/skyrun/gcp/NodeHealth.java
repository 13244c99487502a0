package dev.skyrun.gcp;

import java.util.Objects;

/**
 * How one provisioned node is, as the provider's API reports it (not what the job does).
 *
 * @param node the provider's node name
 * @param status the status
 * @param detail the provider's words for it
 */
record NodeHealth(String node, Status status, String detail) {

    /** The statuses skyrun acts on. */
    enum Status { STARTING, UP, PREEMPTED, STOPPED, GONE }

    NodeHealth {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
