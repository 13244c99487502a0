package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where a recovered run goes next, on a test cloud whose regions all run on the local engine:
 * FAILOVER stays in the preempted region first, EAGER_NEXT_REGION leaves it, and
 * {@code --retry-until-up} waits out a plan with no capacity left.
 */
class FailoverIT extends HarnessTest {

    final RefusingProvider regions = new RefusingProvider();

    /** Cheapest first: r-1a, then r-2a (another region), then r-1b (the first one's other zone). */
    private void harness(List<String> infras) throws Exception {
        h = new Harness(tmp, CloudRegistry.of(List.of(regions, new LocalProvider()), Map.of()), (task, cloud) ->
                infras.stream().map(i -> new Placement("refusing", i.substring(0, 3), Optional.of(i), "small.1", true,
                        Optional.empty(), 1, 1, 0.01, task.numNodes(), "test")).toList());
    }

    private RunOutcome preemptAtStep3(JobRecovery.Strategy strategy) throws Exception {
        TaskSpec task = Tasks.withRecovery(Tasks.task("regions", RecoveryIT.CHECKPOINTING),
                new JobRecovery(strategy, 0, List.of()));
        var run = h.launchAsync(LaunchRequest.of(task));
        h.awaitLine("step 3");
        String runId = h.state.runs().all().get(0).id();
        regions.refuse("refusing/r-1/r-1a", CapacityException.Scope.ZONE);
        assertThat(Docker.docker("kill", runId + "-1-0").code()).isZero();
        return run.get(90, TimeUnit.SECONDS);
    }

    private List<String> placements(String runId) {
        return h.state.runs().attempts(runId).stream().map(AttemptRecord::placement).toList();
    }

    @Test
    void eagerNextRegionRelaunchesOutsideThePreemptedRegion() throws Exception {
        harness(List.of("r-1a", "r-2a", "r-1b"));

        RunOutcome out = preemptAtStep3(JobRecovery.Strategy.EAGER_NEXT_REGION);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(placements(out.runId())).containsExactly("refusing/r-1/r-1a", "refusing/r-2/r-2a");
        assertThat(h.state.runs().attempts(out.runId())).extracting(AttemptRecord::status)
                .containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
        assertThat(h.events).filteredOn(e -> e.kind().equals("RECOVERING")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("killed from outside", "outside the region"));
        assertThat(h.stdout(0)).anyMatch(l -> l.matches("resume=[3-8] attempt=2 .*"));
        assertThat(Docker.containersLabelled("skyrun-run", out.runId())).as("the preempted cluster is removed")
                .hasSize(1);
    }

    @Test
    void failoverTriesTheSameRegionBeforeACheaperOtherRegion() throws Exception {
        harness(List.of("r-1a", "r-2a", "r-1b"));

        RunOutcome out = preemptAtStep3(JobRecovery.Strategy.FAILOVER);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(placements(out.runId()))
                .containsExactly("refusing/r-1/r-1a", "refusing/r-1/r-1a", "refusing/r-1/r-1b");
        assertThat(h.state.runs().attempts(out.runId())).extracting(AttemptRecord::status)
                .containsExactly(RunStatus.PREEMPTED, RunStatus.INFRA_FAILED, RunStatus.SUCCEEDED);
        assertThat(h.events).filteredOn(e -> e.kind().equals("BLOCKED")).extracting(EventRecord::message)
                .singleElement().asString().contains("refusing/r-1/r-1a", "InsufficientInstanceCapacity");
        assertThat(h.stdout(0)).anyMatch(l -> l.matches("resume=[3-8] attempt=3 .*")).contains("done");
    }

    @Test
    void aRegionalQuotaErrorAtSubmitBlocksTheRegionOnly() throws Exception {
        harness(List.of("r-1a", "r-1b", "r-2a"));
        regions.refuseAtSubmit("refusing/r-1", CapacityException.Scope.REGION);

        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("submit-quota", "echo ran on attempt $SKYRUN_ATTEMPT")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(placements(out.runId())).containsExactly("refusing/r-1/r-1a", "refusing/r-2/r-2a");
        assertThat(h.state.runs().attempts(out.runId())).extracting(AttemptRecord::status)
                .containsExactly(RunStatus.INFRA_FAILED, RunStatus.SUCCEEDED);
        assertThat(h.events).filteredOn(e -> e.kind().equals("BLOCKED")).extracting(EventRecord::message)
                .singleElement().asString().startsWith("region refusing/r-1 blocked").contains("(at submit)");
        assertThat(h.stdout(0)).containsExactly("ran on attempt 2");
    }

    @Test
    void retryUntilUpWaitsForCapacityWhereAPlainLaunchFails() throws Exception {
        harness(List.of("r-1a"));
        TaskSpec task = Tasks.task("until-up", "echo up on attempt $SKYRUN_ATTEMPT");
        regions.refuse("refusing/r-1", CapacityException.Scope.REGION, 1);

        RunOutcome plain = h.launch(LaunchRequest.of(task));

        assertThat(plain.status()).isEqualTo(RunStatus.INFRA_FAILED);
        assertThat(plain.reason()).contains("no placement left", "refusing/r-1 blocked", "--retry-until-up");

        regions.refuse("refusing/r-1", CapacityException.Scope.REGION, 2);
        RunOutcome waited = h.launch(LaunchRequest.of(task).withRetryUntilUp(true));

        assertThat(waited.status()).as(waited.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.state.runs().attempts(waited.runId())).extracting(AttemptRecord::status)
                .containsExactly(RunStatus.INFRA_FAILED, RunStatus.INFRA_FAILED, RunStatus.SUCCEEDED);
        assertThat(h.events).filteredOn(e -> e.runId().equals(waited.runId()) && e.kind().equals("RECOVERING"))
                .extracting(EventRecord::message).filteredOn(m -> m.contains("--retry-until-up")).hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("planning again, in"));
        assertThat(h.stdout(0)).containsExactly("up on attempt 3");
    }
}
