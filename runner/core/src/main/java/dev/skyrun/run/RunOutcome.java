package dev.skyrun.run;

import dev.skyrun.state.RunStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run ended (or where a detached one stands).
 *
 * @param runId the run
 * @param status its status
 * @param exitCode the job's exit code, when it exited
 * @param reason why, in a sentence
 */
public record RunOutcome(String runId, RunStatus status, Optional<Integer> exitCode, String reason) {
    public RunOutcome {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
    }
}
