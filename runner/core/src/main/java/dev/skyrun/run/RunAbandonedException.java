package dev.skyrun.run;

/**
 * Unwinds a run's controller after {@link RunController#abandon}: thrown where the controller
 * checks for an interrupt, so nothing after it is recorded and nothing is removed.
 */
final class RunAbandonedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunAbandonedException() {
        super("the controller left the run", null, false, false);
    }
}
