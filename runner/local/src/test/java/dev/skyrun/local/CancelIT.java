package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.NameHeldException;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CancelIT extends HarnessTest {

    @BeforeEach
    void open() throws Exception {
        h = new Harness(tmp);
    }

    @Test
    void cancelDuringSetupStopsBeforeRun() throws Exception {
        var run = h.launchAsync(LaunchRequest.of(Tasks.withSetup(Tasks.task("cancel-setup", "echo in run"),
                "echo in setup; sleep 30")));
        String runId = h.awaitEvent("SETUP_STARTED").runId();

        h.actions.cancel(h.actions.find(runId));
        RunOutcome out = run.get(30, TimeUnit.SECONDS);

        assertThat(out.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.stdout(0)).doesNotContain("in run");
        assertThat(h.state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(Docker.orphans(runId)).isEmpty();
    }

    @Test
    void cancelDuringRunStopsTheJob() throws Exception {
        var run = h.launchAsync(LaunchRequest.of(Tasks.task("cancel-run", "echo started; sleep 30; echo finished")));
        String runId = h.awaitEvent("RUN_STARTED").runId();

        h.actions.cancel(h.actions.find(runId));
        RunOutcome out = run.get(30, TimeUnit.SECONDS);

        assertThat(out.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.stdout(0)).doesNotContain("finished");
        assertThat(h.state.runs().attempts(runId)).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(RunStatus.CANCELLED));
        assertThat(Docker.orphans(runId)).isEmpty();
    }

    @Test
    void aSecondLaunchOfTheSameNameIsRefusedNamingTheHolder() throws Exception {
        var first = h.launchAsync(LaunchRequest.of(Tasks.task("same-name", "sleep 2; echo done")));
        String holder = h.awaitEvent("RUN_CREATED").runId();

        assertThatThrownBy(() -> h.launch(LaunchRequest.of(Tasks.task("same-name", "echo second"))))
                .isInstanceOf(NameHeldException.class).hasMessageContaining(holder);

        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.state.runs().all()).hasSize(1);
        assertThat(h.stdout(0)).containsExactly("done");
    }
}
