package dev.skyrun.cloud;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The pause before retrying a throttled or failed cloud call: exponential from a base, with
 * "equal jitter" (half the exponential step, plus a random part of the other half). Pauses grow
 * from one retry to the next, and clients that were throttled together do not retry in step.
 * Every plug-in's retry loop takes its pauses from here.
 *
 * <pre>{@code
 * Thread.sleep(RetryPause.of(Duration.ofMillis(500), attempt, ThreadLocalRandom.current()));
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
}
