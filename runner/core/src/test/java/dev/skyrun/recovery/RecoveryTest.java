package dev.skyrun.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.JobRecovery.Strategy;
import dev.skyrun.state.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final SplittableRandom JITTER = new SplittableRandom(1);

    private static Decision decide(Ending e, int restarts, int preemptions, JobRecovery p) {
        return Recovery.decide(e, new Recovery.History(restarts, preemptions), p, JITTER);
    }

    @Test
    void appFailureRetriesWithinBudgetThenFails() {
        JobRecovery oneRestart = new JobRecovery(Strategy.FAILOVER, 1, List.of());
        Decision first = decide(new Ending.AppFailure(42, "exit 42"), 0, 0, oneRestart);
        assertThat(first).isInstanceOf(Decision.Retry.class);
        assertThat(((Decision.Retry) first).countsAgainstBudget()).isTrue();
        assertThat(((Decision.Retry) first).block()).isEmpty();

        Decision second = decide(new Ending.AppFailure(42, "exit 42"), 1, 0, oneRestart);
        assertThat(second).isInstanceOf(Decision.Finish.class);
        assertThat(((Decision.Finish) second).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void recoverOnExitCodesRetriesOffBudget() {
        JobRecovery p = new JobRecovery(Strategy.FAILOVER, 0, List.of(33));
        Decision d = decide(new Ending.AppFailure(33, "exit 33"), 0, 0, p);
        assertThat(d).isInstanceOfSatisfying(Decision.Retry.class, r -> assertThat(r.countsAgainstBudget()).isFalse());
    }

    @Test
    void oomIsAnApplicationFailure() {
        Decision d = decide(new Ending.AppFailure(137, "OOMKilled"), 0, 0, JobRecovery.DEFAULT);
        assertThat(d).isEqualTo(new Decision.Finish(RunStatus.FAILED, "OOMKilled"));
    }

    @Test
    void preemptionNeverCountsAndFailoverKeepsThePlacementFirst() {
        Decision d = decide(new Ending.Preempted("killed"), 0, 1, new JobRecovery(Strategy.FAILOVER, 0, List.of()));
        assertThat(d).isEqualTo(new Decision.Retry(Optional.empty(), Duration.ZERO, false, "killed"));
    }

    @Test
    void eagerNextRegionBlocksTheRegion() {
        Decision d = decide(new Ending.Preempted("spot"), 0, 1, new JobRecovery(Strategy.EAGER_NEXT_REGION, 0, List.of()));
        assertThat(d).isInstanceOfSatisfying(Decision.Retry.class,
                r -> assertThat(r.block()).contains(CapacityException.Scope.REGION));
    }

    @Test
    void repeatedPreemptionsBackOffUpToTheCap() {
        Decision d = decide(new Ending.Preempted("again"), 0, 30, JobRecovery.DEFAULT);
        Duration wait = ((Decision.Retry) d).backoff();
        assertThat(wait).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }

    @Test
    void noCapacityBlocksItsScope() {
        Decision d = decide(new Ending.NoCapacity(CapacityException.Scope.ZONE, "no L4"), 0, 0, JobRecovery.DEFAULT);
        assertThat(d).isInstanceOfSatisfying(Decision.Retry.class,
                r -> assertThat(r.block()).contains(CapacityException.Scope.ZONE));
    }

    @Test
    void recoveryNoneFailsOnPreemptionAndCancelEnds() {
        assertThat(decide(new Ending.Preempted("x"), 0, 1, new JobRecovery(Strategy.NONE, 0, List.of())))
                .isInstanceOfSatisfying(Decision.Finish.class, f -> assertThat(f.status()).isEqualTo(RunStatus.FAILED));
        assertThat(decide(new Ending.Cancelled("c"), 0, 0, JobRecovery.DEFAULT))
                .isEqualTo(new Decision.Finish(RunStatus.CANCELLED, "c"));
    }
}
