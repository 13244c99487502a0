package dev.skyrun.run;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.state.EventRecord;

/**
 * Receives what a running controller reports: events (also written to the state database) and
 * the job's log lines. The CLI renders both; the core never prints.
 */
public interface RunListener {

    /** An event was recorded. */
    void event(EventRecord event);

    /** The job wrote a line. */
    void log(LogLine line);

    /** A listener that ignores everything. */
    static RunListener silent() {
        return new RunListener() {
            @Override
            public void event(EventRecord event) {}

            @Override
            public void log(LogLine line) {}
        };
    }
}
