package dev.skyrun.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.JobRecovery.Strategy;
import dev.skyrun.state.RunStatus;
import java.time.Duration;
import java.util.List;
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
        assertThat(((Decision.Retry) first).next()).isEqualTo(Decision.Next.SAME);
        assertThat(((Decision.Retry) first).backoff()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));

        Decision second = decide(new Ending.AppFailure(42, "exit 42"), 1, 0, oneRestart);
        assertThat(second).isInstanceOf(Decision.Finish.class);
        assertThat(((Decision.Finish) second).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void recoverOnExitCodesRetriesOffBudget() {
        JobRecovery p = new JobRecovery(Strategy.FAILOVER, 0, List.of(33));
        Decision d = decide(new Ending.AppFailure(33, "exit 33"), 0, 0, p);
        assertThat(d).isInstanceOfSatisfying(Decision.Retry.class, r -> {
            assertThat(r.countsAgainstBudget()).isFalse();
            assertThat(r.backoff()).isZero();
            assertThat(r.next()).isEqualTo(Decision.Next.SAME);
        });
        assertThat(decide(new Ending.AppFailure(34, "exit 34"), 0, 0, p)).isInstanceOf(Decision.Finish.class);
    }

    @Test
    void appFailureBackoffDoublesWithJitterUpToTheCap() {
        JobRecovery many = new JobRecovery(Strategy.FAILOVER, 100, List.of());
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 10; n++) {
            Decision.Retry r = (Decision.Retry) Recovery.decide(new Ending.AppFailure(1, "exit 1"),
                    new Recovery.History(n, 0), many, random);
            long base = Math.min(60_000, 1000L << n);
            assertThat(r.backoff().toMillis()).as("restart %d", n + 1).isBetween(base * 3 / 4, base * 5 / 4);
        }
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(((Decision.Retry) Recovery.decide(new Ending.AppFailure(1, "exit 1"), new Recovery.History(3, 0),
                    many, random)).backoff());
        }
        assertThat(seen).as("jittered, not one fixed wait").hasSizeGreaterThan(10);
    }

    @Test
    void oomIsAnApplicationFailure() {
        Decision d = decide(new Ending.AppFailure(137, "OOMKilled"), 0, 0, JobRecovery.DEFAULT);
        assertThat(d).isEqualTo(new Decision.Finish(RunStatus.FAILED, "OOMKilled"));
    }

    @Test
    void preemptionNeverCountsAndFailoverKeepsThePlacementFirst() {
        Decision d = decide(new Ending.Preempted("killed"), 0, 1, new JobRecovery(Strategy.FAILOVER, 0, List.of()));
        assertThat(d).isEqualTo(new Decision.Retry(Decision.Next.SAME_REGION_FIRST, Duration.ZERO, false, "killed"));
    }

    @Test
    void eagerNextRegionBlocksTheRegion() {
        Decision d = decide(new Ending.Preempted("spot"), 0, 1, new JobRecovery(Strategy.EAGER_NEXT_REGION, 0, List.of()));
        assertThat(d).isInstanceOfSatisfying(Decision.Retry.class,
                r -> {
                    assertThat(r.next()).isEqualTo(Decision.Next.AVOID_REGION);
                    assertThat(r.backoff()).isZero();
                    assertThat(r.countsAgainstBudget()).isFalse();
                });
    }

    @Test
    void repeatedPreemptionsBackOffUpToTheCap() {
        Decision d = decide(new Ending.Preempted("again"), 0, 30, JobRecovery.DEFAULT);
        Duration wait = ((Decision.Retry) d).backoff();
        assertThat(wait).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }

    @Test
    void noCapacityBlocksItsScope() {
        assertThat(List.of(CapacityException.Scope.values())).map(scope -> decide(new Ending.NoCapacity(scope, "no L4"),
                0, 0, JobRecovery.DEFAULT)).containsExactly(
                new Decision.Retry(Decision.Next.BLOCK_ZONE, Duration.ZERO, false, "no L4"),
                new Decision.Retry(Decision.Next.BLOCK_REGION, Duration.ZERO, false, "no L4"),
                new Decision.Retry(Decision.Next.BLOCK_CLOUD, Duration.ZERO, false, "no L4"));
    }

    @Test
    void exhaustedPlanFailsUnlessRetryUntilUpThenWaitsAndReplans() {
        assertThat(Recovery.exhausted(0, false, "aws blocked", JITTER)).isInstanceOfSatisfying(Decision.Finish.class,
                f -> {
                    assertThat(f.status()).isEqualTo(RunStatus.INFRA_FAILED);
                    assertThat(f.reason()).contains("aws blocked", "--retry-until-up");
                });
        Decision.Retry first = (Decision.Retry) Recovery.exhausted(0, true, "aws blocked", JITTER);
        Decision.Retry later = (Decision.Retry) Recovery.exhausted(20, true, "aws blocked", JITTER);
        assertThat(first.next()).isEqualTo(Decision.Next.REPLAN);
        assertThat(first.countsAgainstBudget()).isFalse();
        assertThat(first.backoff()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
        assertThat(later.backoff()).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }

    @Test
    void recoveryNoneFailsOnPreemptionAndCancelEnds() {
        assertThat(decide(new Ending.Preempted("x"), 0, 1, new JobRecovery(Strategy.NONE, 0, List.of())))
                .isInstanceOfSatisfying(Decision.Finish.class, f -> assertThat(f.status()).isEqualTo(RunStatus.FAILED));
        assertThat(decide(new Ending.Cancelled("c"), 0, 0, JobRecovery.DEFAULT))
                .isEqualTo(new Decision.Finish(RunStatus.CANCELLED, "c"));
    }

    @Test
    void aCloudErrorAtSubmitBlocksTheScopeItNames() {
        JobRecovery p = JobRecovery.DEFAULT;
        Ending quota = Ending.NoCapacity.of(new CapacityException(CapacityException.Scope.REGION, "vertex us-central1: quota"));
        Ending stockout = Ending.NoCapacity.of(new CapacityException(CapacityException.Scope.ZONE, "stockout"));
        Ending denied = Ending.NoCapacity.of(new CredentialException("permission denied"));
        Ending api = Ending.NoCapacity.of(new CloudException("bad request"));
        assertThat(List.of(quota, stockout, denied, api)).map(e -> ((Decision.Retry) decide(e, 0, 0, p)).next())
                .containsExactly(Decision.Next.BLOCK_REGION, Decision.Next.BLOCK_ZONE, Decision.Next.BLOCK_CLOUD,
                        Decision.Next.BLOCK_CLOUD);
        assertThat(quota.reason()).isEqualTo("vertex us-central1: quota");
    }

    @Test
    void recoverOnExitCodesIsBoundedAndBacksOffThenFallsBackToTheBudget() {
        JobRecovery p = new JobRecovery(Strategy.FAILOVER, 1, List.of(33));
        SplittableRandom random = new SplittableRandom(3);
        long waited = 0;
        for (int n = 0; n < Recovery.EXIT_CODE_RECOVERIES; n++) {
            Decision.Retry r = (Decision.Retry) Recovery.decide(new Ending.AppFailure(33, "exit 33"),
                    new Recovery.History(0, 0, n), p, random);
            assertThat(r.countsAgainstBudget()).isFalse();
            long base = n == 0 ? 0 : Math.min(60_000, 1000L << (n - 1));
            assertThat(r.backoff().toMillis()).as("recovery %d", n + 1).isBetween(base * 3 / 4, base * 5 / 4);
            assertThat(r.reason()).contains("recovery " + (n + 1) + " of " + Recovery.EXIT_CODE_RECOVERIES);
            waited += r.backoff().toMillis();
        }
        assertThat(waited).as("a job that always exits 33 is not relaunched dozens of times a minute")
                .isGreaterThan(60_000);
        Decision afterCap = Recovery.decide(new Ending.AppFailure(33, "exit 33"),
                new Recovery.History(0, 0, Recovery.EXIT_CODE_RECOVERIES), p, random);
        assertThat(afterCap).isInstanceOfSatisfying(Decision.Retry.class, r -> {
            assertThat(r.countsAgainstBudget()).as("past the bound, the budget decides").isTrue();
            assertThat(r.reason()).contains("recover_on_exit_codes recovered it " + Recovery.EXIT_CODE_RECOVERIES);
        });
        assertThat(Recovery.decide(new Ending.AppFailure(33, "exit 33"),
                new Recovery.History(1, 0, Recovery.EXIT_CODE_RECOVERIES), p, random))
                .isInstanceOfSatisfying(Decision.Finish.class, f -> {
                    assertThat(f.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(f.reason()).contains("recover_on_exit_codes", "max_restarts_on_errors (1) spent");
                });
    }
}
