package dev.skyrun.run;

/** What a run's controller reports; each becomes a row of the run's event log. */
public enum EventKind {
    /** The run was recorded. */
    RUN_CREATED,
    /** An attempt was recorded at a placement. */
    ATTEMPT_STARTED,
    /** Nodes are being created. */
    PROVISIONING,
    /** Nodes exist. */
    PROVISIONED,
    /** A zone, region or cloud is ruled out for the rest of the run (after a capacity or API error). */
    BLOCKED,
    /** COPY inputs were downloaded. */
    STAGED_IN,
    /** COPY outputs or checkpoints were uploaded. */
    STAGED_OUT,
    /** The job was handed to the nodes. */
    SUBMITTED,
    /** The job's {@code setup} started. */
    SETUP_STARTED,
    /** The job's {@code run} started. */
    RUN_STARTED,
    /** An attempt ended (succeeded, failed, preempted, lost). */
    ATTEMPT_ENDED,
    /** The job's state could not be read (its store or the provider did not answer); the watch goes on. */
    STATUS_UNREADABLE,
    /** The controller decided to try again. */
    RECOVERING,
    /** Someone asked the run to stop. */
    CANCEL_REQUESTED,
    /** A cluster was removed. */
    TERMINATED,
    /** The run ended. */
    RUN_ENDED
}
