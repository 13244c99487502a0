package dev.skyrun.pipeline;

/** A stage did not produce what it declared (outputs, metrics): the stage fails with this message. */
public final class StageFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public StageFailedException(String message) {
        super(message);
    }
}
