package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FollowPauseTest {

    @Test
    void aPauseWaitsThePollAndLetsTheFollowingGoOn() {
        long start = System.nanoTime();
        assertThat(FollowPause.sleep(Duration.ofMillis(20))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptEndsTheFollowingAndStaysSet() {
        Thread.currentThread().interrupt();
        try {
            assertThat(FollowPause.sleep(Duration.ofSeconds(30))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
