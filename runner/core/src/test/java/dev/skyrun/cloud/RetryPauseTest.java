package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPauseTest {

    private static final Duration BASE = Duration.ofMillis(100);

    @Test
    void eachPauseLiesInItsBandAndTheBandsDoubleSoPausesNeverShrink() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 1000; round++) {
            Duration previous = Duration.ZERO;
            for (int retry = 1; retry <= 5; retry++) {
                Duration p = RetryPause.of(BASE, retry, random);
                Duration step = BASE.multipliedBy(1L << (retry - 1));
                assertThat(p).isBetween(step.dividedBy(2), step).isGreaterThanOrEqualTo(previous);
                previous = p;
            }
        }
    }

    @Test
    void pausesAreJitteredNotFixed() {
        SplittableRandom random = new SplittableRandom(11);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(RetryPause.of(BASE, 3, random));
        }
        assertThat(seen).as("fifty clients throttled together retry at different moments").hasSizeGreaterThan(40);
    }

    @Test
    void aZeroBaseNeverWaits() {
        assertThat(RetryPause.of(Duration.ZERO, 4, new SplittableRandom(1))).isZero();
    }
}
