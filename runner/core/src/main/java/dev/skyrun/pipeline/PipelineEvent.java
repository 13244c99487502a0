package dev.skyrun.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a stage while a pipeline ran; the CLI renders these.
 *
 * @param at when
 * @param stage which stage
 * @param kind what happened
 * @param message details in a sentence
 */
public record PipelineEvent(Instant at, String stage, Kind kind, String message) {

    /** What happened to a stage. */
    public enum Kind {
        /** Its needs succeeded and it started. */
        STARTED,
        /** It ended successfully. */
        SUCCEEDED,
        /** It ended unsuccessfully (job failed, outputs or metrics missing). */
        FAILED,
        /** It did not run because a stage it needs did not succeed. */
        SKIPPED
    }

    public PipelineEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
