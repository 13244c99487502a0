package dev.skyrun.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A side effect recorded before it happens ({@code create-network}, {@code create-container},
 * {@code upload}); marked done after. An open intent after a crash says what may exist.
 *
 * @param id its row id
 * @param runId the run
 * @param attempt the attempt, if one
 * @param action what is about to happen
 * @param target what it acts on (a cluster name, a store URI)
 * @param token the idempotency token handed to the cloud
 * @param done whether it completed
 */
public record Intent(long id, String runId, Optional<Integer> attempt, String action, String target, String token,
        boolean done) {
    public Intent {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(token, "token");
    }
}
