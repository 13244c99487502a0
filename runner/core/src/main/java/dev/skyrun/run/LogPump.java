package dev.skyrun.run;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.exec.JobScript;
import java.util.OptionalInt;

/**
 * Follows a running attempt's logs on a background thread: job lines go to the listener, the
 * wrapper's phase marks become {@code SETUP_STARTED} / {@code RUN_STARTED} events.
 */
final class LogPump {

    private final Thread thread;

    private LogPump(Thread thread) {
        this.thread = thread;
    }

    static LogPump start(Cloud cloud, Cluster cluster, Events events, int attempt, RunListener listener) {
        Thread t = new Thread(() -> {
            try {
                cloud.logs(cluster, new LogQuery(OptionalInt.empty(), true), line -> route(line, events, attempt, listener));
            } catch (CloudException e) {
                // this cloud has no log stream; status and logs read the store instead
            } catch (RuntimeException e) {
                // the stream broke (a cancel removed the nodes, the launch closed its client): the job's
                // output stays where the cloud keeps it, for skyrun logs; never a trace on the terminal
            }
        }, "skyrun-logs-" + cluster.name());
        t.setDaemon(true);
        t.start();
        return new LogPump(t);
    }

    static void route(LogLine line, Events events, int attempt, RunListener listener) {
        if (line.stderr() && line.text().equals(JobScript.SETUP_MARK)) {
            if (line.node() == 0) {
                events.emit(EventKind.SETUP_STARTED, attempt, "setup started");
            }
        } else if (line.stderr() && line.text().equals(JobScript.RUN_MARK)) {
            if (line.node() == 0) {
                events.emit(EventKind.RUN_STARTED, attempt, "run started");
            }
        } else if (!(line.stderr() && line.text().startsWith(JobScript.EXIT_MARK))) {
            listener.log(line);
        }
    }

    /** Waits (briefly) for the stream to deliver the job's last lines. */
    void finish() throws InterruptedException {
        thread.join(5000);
    }

    /**
     * Stops following, and waits (briefly) until the stream let go, so that the launch never closes
     * its cloud client under a stream still starting.
     */
    void stop() {
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
