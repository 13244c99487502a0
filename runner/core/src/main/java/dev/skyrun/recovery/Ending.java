package dev.skyrun.recovery;

import dev.skyrun.cloud.CapacityException;

/** How one attempt ended, as the controller classified it. Closed: {@link Recovery} switches over it. */
public sealed interface Ending {

    /** A short sentence for status and events. */
    String reason();

    /** The job exited 0 on every node. */
    record Succeeded() implements Ending {
        @Override
        public String reason() {
            return "succeeded";
        }
    }

    /** The user's program failed (non-zero exit, OOMKilled): an application failure. */
    record AppFailure(int exitCode, String reason) implements Ending {}

    /** The provider took the nodes (spot interruption, killed from outside on local) or lost them. */
    record Preempted(String reason) implements Ending {}

    /**
     * Provisioning or starting failed (no capacity, quota, credentials, API error): block
     * {@code scope} of that placement and try the next.
     */
    record NoCapacity(CapacityException.Scope scope, String reason) implements Ending {}

    /** Stopped by {@code skyrun cancel}. */
    record Cancelled(String reason) implements Ending {}

    /** The launching process was interrupted. */
    record Interrupted(String reason) implements Ending {}
}
