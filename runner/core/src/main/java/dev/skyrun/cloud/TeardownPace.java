package dev.skyrun.cloud;

import java.time.Duration;
import java.util.Objects;

/**
 * How a teardown verifies that compute is terminated: how often it asks the provider and for how
 * long at most before it reports the compute as left.
 *
 * @param poll the pause between two looks
 * @param timeout how long the compute may take to show terminated
 */
public record TeardownPace(Duration poll, Duration timeout) {
    /** Two seconds between looks, ten minutes at most. */
    public static final TeardownPace DEFAULT = new TeardownPace(Duration.ofSeconds(2), Duration.ofMinutes(10));

    public TeardownPace {
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(timeout, "timeout");
    }
}
