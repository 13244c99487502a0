package dev.skyrun.run;

import dev.skyrun.state.EventRecord;
import dev.skyrun.state.StateStore;
import java.time.Instant;
import java.util.Optional;

/** Records a run's events in the state database (secrets masked), then hands them to the listener. */
final class Events {

    private final StateStore state;
    private final String runId;
    private final RunListener listener;
    private final SecretMask mask;

    Events(StateStore state, String runId, RunListener listener, SecretMask mask) {
        this.state = state;
        this.runId = runId;
        this.listener = listener;
        this.mask = mask;
    }

    void emit(EventKind kind, Optional<Integer> attempt, String text) {
        String message = mask.mask(text);
        long id = state.event(runId, attempt, kind.name(), message);
        listener.event(new EventRecord(id, runId, Instant.now(), attempt, kind.name(), message));
    }

    void emit(EventKind kind, int attempt, String message) {
        emit(kind, Optional.of(attempt), message);
    }
}
