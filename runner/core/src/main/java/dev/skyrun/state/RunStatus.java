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
    /** Stopped by {@code skyrun cancel} or {@code down}. */
    CANCELLED,
    /** The launching process was interrupted (Ctrl-C) and stopped what it started. */
    INTERRUPTED,
    /** Preempted or lost (an attempt's ending; a run recovers from it). */
    PREEMPTED;

    /** Whether nothing more happens to a run in this state. */
    public boolean terminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, INFRA_FAILED, CANCELLED, INTERRUPTED, PREEMPTED -> true;
            default -> false;
        };
    }
}
