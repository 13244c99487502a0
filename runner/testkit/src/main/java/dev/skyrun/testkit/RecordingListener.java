package dev.skyrun.testkit;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.RunListener;
import dev.skyrun.state.EventRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RunListener} that keeps every event and log line it hears, for a test to assert on. */
public final class RecordingListener implements RunListener {

    /** The events heard, in order. */
    public final List<EventRecord> events = new CopyOnWriteArrayList<>();
    /** The job's lines heard, in order. */
    public final List<LogLine> lines = new CopyOnWriteArrayList<>();

    @Override
    public void event(EventRecord event) {
        events.add(event);
    }

    @Override
    public void log(LogLine line) {
        lines.add(line);
    }
}
