package dev.skyrun.state;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the state's writes took, as seen by this process: a histogram of 2 %-wide buckets from
 * 1 µs to about a minute, so a long-running controller can say its p50 and p99 in bounded memory.
 * Thread-safe.
 */
public final class WriteLatency {

    private static final double BASE = 1.02;
    private static final int BUCKETS = 910; // 1.02^910 µs ~ 66 s

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Records one write that took {@code nanos}. */
    void record(long nanos) {
        double micros = Math.max(1.0, nanos / 1_000.0);
        int bucket = (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / Math.log(BASE)));
        counts.incrementAndGet(bucket);
    }

    /** How many writes were recorded. */
    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The latency at or under which {@code percentile} % of the writes took (within 2 %), zero when none. */
    public Duration percentile(double percentile) {
        long total = count();
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Duration.ofNanos((long) (Math.pow(BASE, i + 1) * 1_000));
            }
        }
        return Duration.ofNanos((long) (Math.pow(BASE, BUCKETS) * 1_000));
    }

    /** {@code 1234 writes, p50 1.8 ms, p99 7.2 ms}. */
    public String summary() {
        return count() + " writes, p50 " + millis(percentile(50)) + " ms, p99 " + millis(percentile(99)) + " ms";
    }

    private static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d.toNanos() / 1_000_000.0);
    }
}
