package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchIT {

    @TempDir
    Path tmp;

    Harness h;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(tmp);
    }

    @AfterEach
    void close() {
        h.state.runs().all().forEach(r -> h.actions.removeEverything(r.id()));
        h.close();
    }

    @Test
    void stdoutArrivesAndExitZeroSucceeds() throws Exception {
        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("hello", "echo hello from skyrun; echo second")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(out.exitCode()).contains(0);
        assertThat(h.stdout(0)).containsExactly("hello from skyrun", "second");
        assertThat(h.eventKinds()).contains("RUN_STARTED", "RUN_ENDED");
    }

    @Test
    void nonZeroExitFailsWithTheCode() throws Exception {
        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("fails", "echo before; exit 7")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.FAILED);
        assertThat(out.exitCode()).contains(7);
        assertThat(h.state.runs().find(out.runId()).orElseThrow().exitCode()).contains(7);
        assertThat(h.actions.removeEverything(out.runId())).isNotEmpty();
        assertThat(Docker.orphans(out.runId())).isEmpty();
    }
}
