package dev.skyrun.cli.agent;

/**
 * The interrupts of one command the agent runs for a client: the client's {@link
 * AgentProtocol#INTERRUPT} stops the command's run as Ctrl-C would in a process of its own; the
 * client vanishing without one (killed) abandons the run as that process's death would, so that
 * {@code skyrun resume} adopts it. An interrupt before the command watches for one is kept for it.
 * A command that watches for none (all but launch and resume) ends as a killed process would:
 * {@link #interrupt} and {@link #vanished} say so, and the connection cuts it off.
 */
public final class AgentInterrupts {

    private Runnable stop;
    private Runnable abandon;
    private boolean interrupted;
    private boolean vanished;
    private boolean finished;

    AgentInterrupts() {}

    /**
     * Watches for the client's interrupt while the command runs: {@code stop} asks the command to
     * stop what it started, {@code abandon} to leave it as it is. Run what it returns when the
     * command has returned.
     */
    public synchronized Runnable watch(Runnable stop, Runnable abandon) {
        if (interrupted) {
            stop.run();
        } else if (vanished) {
            abandon.run();
        }
        this.stop = stop;
        this.abandon = abandon;
        return this::unwatch;
    }

    private synchronized void unwatch() {
        stop = null;
        abandon = null;
    }

    /**
     * The client asked the command to stop (Ctrl-C), or the agent is being stopped.
     *
     * @return whether the command watches for it (or has returned); false: nothing stops it, it
     *     is to be cut off as a process that Ctrl-C ended
     */
    synchronized boolean interrupt() {
        interrupted = true;
        if (stop != null) {
            stop.run();
        }
        return stop != null || finished;
    }

    /**
     * The client's connection ended while the command ran.
     *
     * @return whether the command watches for it (or has returned, or was interrupted); false: it
     *     is to be cut off as a process that was killed
     */
    synchronized boolean vanished() {
        if (finished || interrupted) {
            return true;
        }
        vanished = true;
        if (abandon != null) {
            abandon.run();
        }
        return abandon != null;
    }

    /** The command returned: later endings of the connection mean nothing. */
    synchronized void finished() {
        finished = true;
    }
}
