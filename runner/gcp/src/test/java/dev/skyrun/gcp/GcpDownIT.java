package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunActions;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun down} (core's {@link RunActions#down}) against a Compute Engine and Secret Manager
 * that fail: a detached run with a spot VM and a secret, then a down during the fault and one
 * after it cleared. The VM is deleted and verified gone first whatever an auxiliary does; what
 * a fault leaves is named in the report (exit 3 at the CLI) and on the run's row, which stays
 * TERMINATING until the API shows the VM gone; the next down removes the rest.
 */
class GcpDownIT extends FakeGoogleTest {

    @TempDir
    Path tmp;

    StateStore state;
    CloudRegistry clouds;
    String runId;
    String vm;

    @BeforeEach
    void launchDetached() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SKYRUN_GCP_ENDPOINT", http.uri().toString(), "SKYRUN_GCP_PROJECT", "acme-ml",
                "SKYRUN_GCP_BUCKET", "acme-runs", "SKYRUN_GCP_POLL_MS", "10", "SKYRUN_GCP_TERMINATE_TIMEOUT_S", "1"));
        state = StateStore.open(SkyrunHome.at(tmp.resolve("home")));
        clouds = CloudRegistry.of(List.of(new GcpProvider()), env);
        Placement spot = GcpTestSupport.gpuSpot("us-central1-a");
        TaskSpec task = new TaskSpec("kept", Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("python train.py"), Optional.of("skyrun-test/trainer:1"), Map.of(), Optional.empty(), List.of());
        runId = new RunController(state, clouds, (t, c) -> List.of(spot)).launch(new LaunchRequest(task, Optional.empty(), Map.of(),
                GcpTestSupport.secrets(), Optional.empty(), Optional.empty(), true, false), RunListener.silent()).runId();
        assertThat(compute.instances).hasSize(1);
        vm = compute.instances.keySet().iterator().next();
        assertThat(secretManager.secrets).hasSize(1);
    }

    @AfterEach
    void stop() {
        clouds.close();
        state.close();
    }

    @Test
    void anAuxiliaryListFailingWith5xxStillDeletesTheVmAndASecondDownRemovesTheRest() {
        secretManager.failingLists.set(5);

        TeardownReport first = actions().down(runId);

        assertThat(compute.instances).as("deleted and verified gone before any auxiliary").isEmpty();
        assertThat(first.computeGone()).isTrue();
        assertThat(first.complete()).isFalse();
        assertThat(first.describeLeft()).contains("secret").contains("secrets.list").contains("Internal Server Error");
        RunRecord row = state.runs().find(runId).orElseThrow();
        assertThat(row.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(row.leftBehind()).hasValueSatisfying(l -> assertThat(l).contains("secret"));

        TeardownReport second = actions().down(runId);

        assertThat(second.complete()).as(second.describeLeft()).isTrue();
        assertThat(secretManager.secrets).isEmpty();
        assertThat(state.runs().find(runId).orElseThrow().leftBehind()).isEmpty();
    }

    @Test
    void aDeleteThatAnswersButLeavesTheVmKeepsTheRunTerminatingUntilTheApiShowsItGone() {
        compute.ignoreDeletes = true;

        TeardownReport first = actions().down(runId);

        assertThat(first.computeGone()).isFalse();
        assertThat(first.describeLeft()).contains("instance " + vm).contains("not terminated after 1 s");
        assertThat(secretManager.secrets).as("auxiliaries wait for the compute").hasSize(1);
        assertThat(state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.TERMINATING);

        compute.ignoreDeletes = false;
        TeardownReport second = actions().down(runId);

        assertThat(second.complete()).as(second.describeLeft()).isTrue();
        assertThat(compute.instances).isEmpty();
        assertThat(secretManager.secrets).isEmpty();
        RunRecord row = state.runs().find(runId).orElseThrow();
        assertThat(row.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(row.leftBehind()).isEmpty();
    }

    @Test
    void aDeleteAnswering5xxKeepsTheRunTerminatingAndALaterDownFinishes() {
        compute.failNextDeletes(FakeCompute.Failure.http(503, "backendError", "Try again later."), 5);

        TeardownReport first = actions().down(runId);

        assertThat(first.computeGone()).isFalse();
        assertThat(first.describeLeft()).contains("instance " + vm).contains("instances.delete").contains("still failing after 5 attempts");
        assertThat(compute.instances).containsKey(vm);
        assertThat(state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.TERMINATING);

        TeardownReport second = actions().down(runId);

        assertThat(second.complete()).as(second.describeLeft()).isTrue();
        assertThat(compute.instances).isEmpty();
        assertThat(state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    private RunActions actions() {
        return new RunActions(state, clouds);
    }
}
