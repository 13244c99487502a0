package dev.skyrun.recovery;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.state.RunStatus;
import java.time.Duration;
import java.util.Optional;

/** What the controller does after an attempt ends. Closed: the controller switches over it. */
public sealed interface Decision {

    /**
     * The run ends.
     *
     * @param status how
     * @param reason why
     */
    record Finish(RunStatus status, String reason) implements Decision {}

    /**
     * Another attempt.
     *
     * @param block what of the last placement to rule out first (none: same placement again)
     * @param backoff how long to wait before it
     * @param countsAgainstBudget whether it uses one of {@code max_restarts_on_errors}
     * @param reason why
     */
    record Retry(Optional<CapacityException.Scope> block, Duration backoff, boolean countsAgainstBudget, String reason)
            implements Decision {}
}
