package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a running command learns that its user wants it to stop. In a process of its own
 * ({@link #JVM}) that is Ctrl-C, SIGTERM or a hang-up, seen by a shutdown hook; in the skyrun
 * agent it is the client's interrupt message, or the client vanishing.
 */
public interface Interrupts {

    /** How long an interrupt waits for the command to stop what it started. */
    long STOP_WAIT_SECONDS = 30;

    /**
     * Watches for an interrupt while the returned watch is open.
     *
     * @param err where to say that the command did not stop in time
     * @param stop asks the command to stop what it started (it then returns on its own)
     * @param abandon asks the command to leave everything as it is, as if its process had been
     *     killed: for the agent, when its client disappears without an interrupt
     */
    Watch watch(PrintWriter err, Runnable stop, Runnable abandon);

    /** An open watch; closing it says the command has returned. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * This process's signals: a shutdown hook calls {@code stop} and waits until the command has
     * returned, at most {@link #STOP_WAIT_SECONDS}; the process then exits (130 after Ctrl-C).
     */
    Interrupts JVM = (err, stop, abandon) -> {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                if (!stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    err.println("skyrun: interrupted; what this launch started may still run: skyrun down or skyrun resume");
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skyrun-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the command has stopped
            }
        };
    };
}
