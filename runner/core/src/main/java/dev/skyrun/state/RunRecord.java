package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as the state database holds it. Holds no secret value.
 *
 * @param id the run's id ({@code NAME-xxxxxx})
 * @param name the task's name
 * @param taskId stable across recoveries
 * @param status where it is
 * @param specPath the spec file it was launched from, if any
 * @param jobJson the job template (no secret values) a resume rebuilds attempts from
 * @param createdAt when it was recorded
 * @param updatedAt its last change
 * @param exitCode the job's exit code once known
 * @param reason why it ended (or is recovering)
 * @param cancelRequested whether {@code skyrun cancel} asked it to stop
 * @param controllerPid the process driving it
 * @param leftBehind what its last teardown could not remove (or confirm removed), for the next {@code skyrun down}
 */
public record RunRecord(
        String id, String name, String taskId, RunStatus status, Optional<String> specPath, String jobJson,
        Instant createdAt, Instant updatedAt, Optional<Integer> exitCode, Optional<String> reason,
        boolean cancelRequested, long controllerPid, Optional<String> leftBehind) {

    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(jobJson, "jobJson");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(leftBehind, "leftBehind");
    }
}
