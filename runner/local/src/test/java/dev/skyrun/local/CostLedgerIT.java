package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunCost;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.LedgerEntry;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cost ledger of a run that was preempted once and failed over once, on a test cloud whose
 * zones (on the local engine) have different prices: each attempt is billed from its provisioning
 * to its compute's verified termination at the price it launched at, and the attempts add up to
 * the run's total.
 */
class CostLedgerIT extends HarnessTest {

    static final Map<String, Double> PRICES = Map.of("r-1a", 0.60, "r-1b", 0.90);

    final RefusingProvider regions = new RefusingProvider();

    @Test
    void aPreemptedAndFailedOverRunsLedgerAddsUpToItsTotalAndMatchesItsEvents() throws Exception {
        h = new Harness(tmp, CloudRegistry.of(List.of(regions, new LocalProvider()), Map.of()), (task, cloud) ->
                List.of("r-1a", "r-1b").stream().map(z -> new Placement("refusing", "r-1", Optional.of(z), "small.1",
                        true, Optional.empty(), 1, 1, PRICES.get(z), task.numNodes(), "test")).toList());
        TaskSpec task = Tasks.withNodes(Tasks.withRecovery(Tasks.task("ledger", RecoveryIT.CHECKPOINTING),
                new JobRecovery(JobRecovery.Strategy.FAILOVER, 0, List.of())), 2);
        Instant before = Instant.now();
        var launched = h.launchAsync(LaunchRequest.of(task));
        h.awaitLine("step 3");
        String runId = h.state.runs().all().get(0).id();
        regions.refuse("refusing/r-1/r-1a", CapacityException.Scope.ZONE);
        assertThat(Docker.docker("kill", runId + "-1-0").code()).isZero();
        RunOutcome out = launched.get(90, TimeUnit.SECONDS);
        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);

        RunCost running = RunCost.of(h.state, runId, Instant.now());
        assertThat(running.billing()).as("the last attempt's nodes are kept until skyrun down").isTrue();
        h.actions.down(runId);
        Instant after = Instant.now();
        RunCost cost = RunCost.of(h.state, runId, after.plusSeconds(3600));

        assertThat(cost.billing()).isFalse();
        assertThat(cost.attempts()).extracting(RunCost.AttemptCost::status)
                .containsExactly("PREEMPTED", "INFRA_FAILED", "SUCCEEDED");
        assertThat(cost.attempts()).extracting(RunCost.AttemptCost::pricePerHour)
                .containsExactly(1.20, 1.20, 1.80);
        RunCost.AttemptCost refused = cost.attempts().get(1);
        assertThat(refused.billedSeconds()).as("a refused provision made no node").isZero();
        double secondsPrice = 1.80 / 3600;
        for (RunCost.AttemptCost a : List.of(cost.attempts().get(0), cost.attempts().get(2))) {
            assertThat(a.billedFrom()).isAfter(before);
            assertThat(a.billedTo()).hasValueSatisfying(t -> assertThat(t).isBefore(after));
            double fromEvents = a.pricePerHour() * billedByEvents(runId, a.attempt()).toMillis() / 3_600_000.0;
            assertThat(a.usd()).as("attempt %d against its events", a.attempt()).isCloseTo(fromEvents, within(secondsPrice));
            assertThat(a.usd()).isPositive();
        }
        double sum = cost.attempts().stream().mapToDouble(RunCost.AttemptCost::usd).sum();
        assertThat(cost.totalUsd()).isCloseTo(sum, within(secondsPrice));
        assertThat(cost.lostUsd()).isCloseTo(cost.attempts().get(0).usd(), within(1e-9));
        assertThat(cost.estimate()).hasValueSatisfying(e -> {
            assertThat(e.infra()).isEqualTo("refusing/r-1/r-1a");
            assertThat(e.pricePerHour()).isEqualTo(1.20);
        });
        assertThat(h.state.ledger().entries(runId)).extracting(LedgerEntry::priceSource).containsOnly("plan");
    }

    /** From the attempt's PROVISIONING event to the TERMINATED event that removed its cluster. */
    private Duration billedByEvents(String runId, int attempt) {
        List<EventRecord> events = h.state.events(runId, 0);
        Instant from = events.stream().filter(e -> e.attempt().equals(Optional.of(attempt))
                && e.kind().equals("PROVISIONING")).findFirst().orElseThrow().at();
        Instant to = events.stream().filter(e -> e.kind().equals("TERMINATED") && (e.attempt().equals(Optional.of(attempt))
                || e.attempt().isEmpty())).findFirst().orElseThrow().at();
        return Duration.between(from, to);
    }
}
