package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a run's event log, as {@code skyrun logs --events} shows it.
 *
 * @param id increasing sequence number
 * @param runId the run
 * @param at when
 * @param attempt the attempt it concerns, if one
 * @param kind what happened ({@code PROVISIONED}, {@code PREEMPTED}...)
 * @param message a sentence for humans; never a secret
 */
public record EventRecord(long id, String runId, Instant at, Optional<Integer> attempt, String kind, String message) {
    public EventRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
