package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunCost;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.Budget;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run held to its budget on a test cloud (on the local engine) with priced zones: a placement
 * whose projected cost would pass {@code max_total_cost} is skipped with an event that says why,
 * and a run is stopped at {@code max_total_cost} or {@code max_duration}, BUDGET_EXCEEDED, with
 * nothing of it left on the engine.
 */
class BudgetIT extends HarnessTest {

    final RefusingProvider regions = new RefusingProvider();

    /** Zones with the given $/h per node, in this order. */
    private void harness(Map<String, Double> prices, List<String> order) throws Exception {
        h = new Harness(tmp, CloudRegistry.of(List.of(regions, new LocalProvider()), Map.of()), (task, cloud) ->
                order.stream().map(z -> new Placement("refusing", "r-1", Optional.of(z), "small.1", true,
                        Optional.empty(), 1, 1, prices.get(z), task.numNodes(), "test")).toList());
    }

    private static TaskSpec capped(String name, String run, Budget budget) {
        TaskSpec t = Tasks.task(name, run);
        return Tasks.withResources(t, t.resources().withBudget(budget));
    }

    @Test
    void aPlacementOverTheCapIsSkippedAndTheRunIsStoppedAtTheCapWithNothingLeft() throws Exception {
        // r-1a: $360/h, a minute of it ($6) passes the $0.70 cap; r-1b: $36/h ($0.01 a second)
        harness(Map.of("r-1a", 360.0, "r-1b", 36.0), List.of("r-1a", "r-1b"));
        TaskSpec task = capped("capped", "echo started; sleep 300", new Budget(Optional.of(0.70), Optional.empty()));

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(out.reason()).contains("max_total_cost $0.7000 reached");
        assertThat(h.events).filteredOn(e -> e.kind().equals("BLOCKED")).extracting(EventRecord::message).singleElement()
                .asString().startsWith("placement refusing/r-1/r-1a (small.1) blocked: its projected cost $6.0000")
                .contains("would pass max_total_cost $0.7000");
        assertThat(h.state.runs().attempts(out.runId())).extracting(AttemptRecord::placement, AttemptRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("refusing/r-1/r-1b", RunStatus.BUDGET_EXCEEDED));
        RunCost cost = RunCost.of(h.state, out.runId(), Instant.now().plusSeconds(3600));
        assertThat(cost.billing()).as("its nodes are verified terminated").isFalse();
        assertThat(cost.totalUsd()).isBetween(0.50, 0.70);
        assertThat(Docker.containersLabelled("skyrun-run", out.runId())).isEmpty();
        assertThat(h.stdout(0)).containsExactly("started");
    }

    @Test
    void aRunIsStoppedAtItsMaxDuration() throws Exception {
        harness(Map.of("r-1a", 0.0), List.of("r-1a"));
        TaskSpec task = capped("timed", "echo started; sleep 300", new Budget(Optional.empty(), Optional.of(3L)));
        Instant start = Instant.now();

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(out.reason()).startsWith("max_duration 3 s reached");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(h.events).filteredOn(e -> e.kind().equals("ATTEMPT_ENDED")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("attempt 1 budget_exceeded: max_duration"));
        assertThat(Docker.containersLabelled("skyrun-run", out.runId())).isEmpty();
    }
}
