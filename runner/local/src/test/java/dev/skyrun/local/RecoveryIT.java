package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.recovery.Recovery;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
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

class RecoveryIT extends HarnessTest {

    static final String CHECKPOINTING = "i=$(cat \"$SKYRUN_CHECKPOINT_DIR/step\" 2>/dev/null || echo 0); "
            + "echo \"resume=$i attempt=$SKYRUN_ATTEMPT task=$SKYRUN_TASK_ID\"; "
            + "while [ $i -lt 8 ]; do i=$((i+1)); echo $i > \"$SKYRUN_CHECKPOINT_DIR/step\"; echo step $i; sleep 0.3; done; "
            + "echo done";

    @Test
    void aJobKilledFromOutsideResumesFromItsCheckpointOffBudget() throws Exception {
        h = new Harness(tmp);
        var run = h.launchAsync(LaunchRequest.of(Tasks.task("ckpt", CHECKPOINTING)));
        h.awaitLine("step 3");
        String runId = h.state.runs().all().get(0).id();

        assertThat(Docker.docker("kill", runId + "-1-0").code()).isZero();
        RunOutcome out = run.get(60, TimeUnit.SECONDS);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        List<AttemptRecord> attempts = h.state.runs().attempts(runId);
        assertThat(attempts).extracting(AttemptRecord::status).containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("killed from outside");
        String resumed = h.stdout(0).stream().filter(l -> l.startsWith("resume=") && l.contains("attempt=2"))
                .findFirst().orElseThrow();
        int from = Integer.parseInt(resumed.replaceAll("resume=(\\d+).*", "$1"));
        assertThat(from).isGreaterThanOrEqualTo(3);
        assertThat(resumed).endsWith("task=" + runId + "-task0");
        assertThat(h.stdout(0)).contains("resume=0 attempt=1 task=" + runId + "-task0", "done");
        assertThat(h.events).extracting(EventRecord::message).noneMatch(m -> m.contains("restart 1 of"));
    }

    @Test
    void anAppFailureIsRetriedOnlyWithinItsBudget() throws Exception {
        h = new Harness(tmp);
        TaskSpec task = Tasks.withFailover(Tasks.task("exit42", "echo attempt $SKYRUN_ATTEMPT; exit 42"), 1);

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).isEqualTo(RunStatus.FAILED);
        assertThat(out.exitCode()).contains(42);
        assertThat(h.state.runs().attempts(out.runId())).hasSize(2)
                .allSatisfy(a -> assertThat(a.exitCode()).contains(42));
        assertThat(h.stdout(0)).containsExactly("attempt 1", "attempt 2");
    }

    @Test
    void anExitCodeInRecoverOnExitCodesIsRetriedOffBudget() throws Exception {
        h = new Harness(tmp);
        TaskSpec task = Tasks.withFailover(Tasks.task("exit33",
                "echo attempt $SKYRUN_ATTEMPT; [ $SKYRUN_ATTEMPT -lt 3 ] && exit 33; echo recovered"), 0, 33);

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.state.runs().attempts(out.runId())).extracting(AttemptRecord::status)
                .containsExactly(RunStatus.FAILED, RunStatus.FAILED, RunStatus.SUCCEEDED);
        assertThat(h.stdout(0)).containsExactly("attempt 1", "attempt 2", "attempt 3", "recovered");
        assertThat(h.events).filteredOn(e -> e.kind().equals("RECOVERING")).hasSize(2)
                .allSatisfy(e -> assertThat(e.message()).contains("exit 33 is in recover_on_exit_codes"))
                .extracting(EventRecord::message).satisfiesExactly(
                        first -> assertThat(first).contains(", now", "(recovery 1 of " + Recovery.EXIT_CODE_RECOVERIES + ")"),
                        second -> assertThat(second).as("repeated ones back off").containsPattern(", in \\d+ ms"));
    }

    @Test
    void anOomKillIsAnApplicationFailure() throws Exception {
        h = new Harness(tmp);
        Resources small = new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.of(new Quantity(0.03125, false)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(),
                List.of(), Optional.empty());
        TaskSpec task = Tasks.withResources(Tasks.task("oom",
                "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived ${#x}"), small);

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.FAILED);
        assertThat(out.reason()).contains("OOMKilled");
        assertThat(h.state.runs().attempts(out.runId())).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(RunStatus.FAILED));
    }

    @Test
    void aRefusedPlacementIsBlockedAndTheNextOneRuns() throws Exception {
        RefusingProvider refusing = new RefusingProvider().refuse("refusing/r-1", CapacityException.Scope.ZONE);
        CloudRegistry clouds = CloudRegistry.of(List.of(refusing, new LocalProvider()), Map.of());
        h = new Harness(tmp, clouds, (task, cloud) -> {
            Placement local = Planner.localOnly().plan(task, Optional.empty()).get(0);
            Placement first = new Placement("refusing", "r-1", Optional.of("r-1a"), "big.1", true, Optional.empty(), 1, 1,
                    0.01, task.numNodes(), "cheapest");
            return List.of(first, local);
        });

        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("failover", "echo ran on $SKYRUN_ATTEMPT")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(refusing.refusals.get()).isEqualTo(1);
        List<AttemptRecord> attempts = h.state.runs().attempts(out.runId());
        assertThat(attempts).extracting(AttemptRecord::placement).containsExactly("refusing/r-1/r-1a", "local/local");
        assertThat(attempts.get(0).status()).isEqualTo(RunStatus.INFRA_FAILED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("InsufficientInstanceCapacity");
        assertThat(h.events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("InsufficientInstanceCapacity"));
        assertThat(h.stdout(0)).containsExactly("ran on 2");
    }

    @Test
    void cancelWhileRecoveringEndsTheRun() throws Exception {
        h = new Harness(tmp);
        TaskSpec task = Tasks.withFailover(Tasks.task("cancel-recovering", "exit 3"), 5);
        var run = h.launchAsync(LaunchRequest.of(task));
        String runId = h.awaitEvent("RECOVERING").runId();
        assertThat(h.state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.RECOVERING);

        h.actions.cancel(h.actions.find(runId));
        RunOutcome out = run.get(30, TimeUnit.SECONDS);

        assertThat(out.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.state.runs().attempts(runId)).hasSize(1);
        assertThat(Docker.orphans(runId)).isEmpty();
    }
}
