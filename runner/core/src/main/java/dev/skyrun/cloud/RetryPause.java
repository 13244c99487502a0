package dev.skyrun.cloud;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The pause before retrying a throttled or failed cloud call: exponential from a base, with
 * "equal jitter" (half the exponential step, plus a random part of the other half). Pauses grow
 * from one retry to the next, and clients that were throttled together do not retry in step.
 * Every plug-in's retry loop takes its pauses from here.
 *
 * <pre>{@code
 * RetryPause.sleep(Duration.ofMillis(500), attempt, "aws us-east-1");
 * }</pre>
 */
public final class RetryPause {

    private RetryPause() {}

    /**
     * The pause before retry {@code retry} (1 = the first retry): between half of and all of
     * {@code base * 2^(retry-1)}, so it is never shorter than the longest pause before it.
     */
    public static Duration of(Duration base, int retry, RandomGenerator random) {
        long step = base.toNanos() << Math.min(Math.max(retry - 1, 0), 20);
        long half = step / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /**
     * Waits the pause before retry {@code retry} ({@link #of}, with this thread's random). An
     * interrupt ends the wait as a {@link CloudException} "{@code where}: interrupted while backing
     * off", the thread's interrupt status set again.
     */
    public static void sleep(Duration base, int retry, String where) {
        try {
            Thread.sleep(of(base, retry, ThreadLocalRandom.current()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(where + ": interrupted while backing off", e);
        }
    }
}
