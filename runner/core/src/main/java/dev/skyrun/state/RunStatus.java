package dev.skyrun.state;

/** Where a run (or one of its attempts) is in its life. */
public enum RunStatus {
    /** Recorded, nothing created yet. */
    PENDING,
    /** Creating nodes. */
    PROVISIONING,
    /** The job is running. */
    RUNNING,
    /** An attempt ended by preemption or failure; the next one is being prepared. */
    RECOVERING,
    /** The job exited 0. */
    SUCCEEDED,
    /** The user's program failed (exit code recorded). */
    FAILED,
    /** No placement could be provisioned, or a cloud API failed. */
    INFRA_FAILED,
    /** Stopped at its budget ({@code max_total_cost} or {@code max_duration}); its nodes were removed. */
    BUDGET_EXCEEDED,
    /** Stopped by {@code skyrun cancel} or {@code down}. */
    CANCELLED,
    /** The launching process was interrupted (Ctrl-C) and stopped what it started. */
    INTERRUPTED,
    /** Preempted or lost (an attempt's ending; a run recovers from it). */
    PREEMPTED,
    /**
     * Being taken down, or taken down only in part: its compute is not verified terminated yet
     * (the row's {@code left} says what is left); the next {@code skyrun down} finishes it, and
     * the run then shows how it ended.
     */
    TERMINATING;

    /** Whether nothing more happens to a run in this state (a TERMINATING run's job is over too). */
    public boolean terminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, INFRA_FAILED, BUDGET_EXCEEDED, CANCELLED, INTERRUPTED, PREEMPTED, TERMINATING -> true;
            default -> false;
        };
    }
}
