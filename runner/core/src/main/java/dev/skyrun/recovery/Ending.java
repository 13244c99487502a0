package dev.skyrun.recovery;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import java.util.Optional;

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
     *
     * @param scope what to block
     * @param zone the zone it happened in, where the plug-in chose one for a placement naming none
     * @param reason the error
     */
    record NoCapacity(CapacityException.Scope scope, Optional<String> zone, String reason) implements Ending {

        /** An ending that names no zone. */
        public NoCapacity(CapacityException.Scope scope, String reason) {
            this(scope, Optional.empty(), reason);
        }

        /** A capacity error, at provision or at submit (a managed service creates its job there): the scope it names. */
        public static NoCapacity of(CapacityException e) {
            return new NoCapacity(e.scope(), e.zone(), e.getMessage());
        }

        /** Any other cloud error (credentials, an API error), at provision or at submit: the whole cloud. */
        public static NoCapacity of(CloudException e) {
            return new NoCapacity(CapacityException.Scope.CLOUD, e.getMessage());
        }
    }

    /** Stopped because the run reached its budget ({@code max_total_cost} or {@code max_duration}). */
    record BudgetExceeded(String reason) implements Ending {}

    /** Stopped by {@code skyrun cancel}. */
    record Cancelled(String reason) implements Ending {}

    /** The launching process was interrupted. */
    record Interrupted(String reason) implements Ending {}
}
