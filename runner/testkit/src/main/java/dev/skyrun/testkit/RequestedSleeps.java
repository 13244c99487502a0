package dev.skyrun.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The pauses code asked {@code Thread.sleep} for, as the JDK's flight recorder reports them
 * ({@code jdk.ThreadSleep}: the time requested, not how long the thread was away). A test of a
 * retry loop's backoff reads what the product chose from here, which scheduling delay on a loaded
 * machine cannot change, where the gaps between a fake's arrivals can only show it plus that delay.
 *
 * <pre>{@code
 * List<Duration> pauses = RequestedSleeps.during("dev.skyrun.gcp.Backoff.call", () -> cloud.provision(p, r));
 * }</pre>
 */
public final class RequestedSleeps {

    private RequestedSleeps() {}

    /**
     * Runs {@code work} on this thread and returns, in order, the pauses this thread asked for
     * while inside {@code method} ({@code package.Class.method}, anywhere in the sleep's stack).
     */
    public static List<Duration> during(String method, Callable<?> work) throws Exception {
        Path file = Files.createTempFile("sleeps", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            try {
                work.call();
            } finally {
                recording.stop();
            }
            recording.dump(file);
            long thread = Thread.currentThread().threadId();
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread && within(e, method))
                    .sorted(Comparator.comparing(RecordedEvent::getStartTime)).map(e -> e.getDuration("time")).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean within(RecordedEvent e, String method) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if ((f.getMethod().getType().getName() + "." + f.getMethod().getName()).equals(method)) {
                return true;
            }
        }
        return false;
    }
}
