package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.NameHeldException;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.time.Duration;
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

    @Test
    void withALockTimeoutASecondLaunchOfTheSameNameWaitsForTheFirstToEnd() throws Exception {
        var first = h.launchAsync(LaunchRequest.of(Tasks.task("same-name", "sleep 2; echo first")));
        String holder = h.awaitEvent("RUN_CREATED").runId();
        var waiting = waitingForTheName(Duration.ofSeconds(60));

        RunOutcome second = waiting.launch(LaunchRequest.of(Tasks.task("same-name", "echo second")), h.heard);

        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        var firstRun = h.state.runs().find(holder).orElseThrow();
        var secondRun = h.state.runs().find(second.runId()).orElseThrow();
        assertThat(secondRun.createdAt()).as("the second run starts once the first ended")
                .isAfterOrEqualTo(firstRun.updatedAt());
        assertThat(h.stdout(0)).containsExactly("first", "second");
    }

    @Test
    void aLockTimeoutThatRunsOutRefusesNamingTheHolderAndTheWait() throws Exception {
        var first = h.launchAsync(LaunchRequest.of(Tasks.task("same-name", "sleep 5; echo done")));
        String holder = h.awaitEvent("RUN_CREATED").runId();
        var waiting = waitingForTheName(Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> waiting.launch(LaunchRequest.of(Tasks.task("same-name", "echo second")), h.heard))
                .isInstanceOf(NameHeldException.class).hasMessageContaining(holder).hasMessageContaining("waited 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** A controller of this home that waits up to {@code wait} for a held run name ({@code --lock-timeout}). */
    private dev.skyrun.run.RunController waitingForTheName(Duration wait) {
        return new dev.skyrun.run.RunController(h.state, h.clouds, dev.skyrun.run.Planner.localOnly(), wait);
    }

    @Test
    void aCancelAsTheJobStartsLeavesNoLogStreamBehindToFailOnTheClosedClient() throws Exception {
        java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            dev.skyrun.run.RunListener cancelAtStart = new dev.skyrun.run.RunListener() {
                @Override
                public void event(EventRecord e) {
                    h.heard.event(e);
                    if (e.kind().equals("SUBMITTED")) {
                        h.state.runs().requestCancel(e.runId()); // as skyrun cancel does first, before the watch
                    }
                }

                @Override
                public void log(dev.skyrun.cloud.LogLine line) {
                    h.heard.log(line);
                }
            };
            RunOutcome out = h.controller.launch(LaunchRequest.of(Tasks.task("cancel-start", "sleep 30")), cancelAtStart);
            h.clouds.close(); // as the CLI does the moment its launch returns

            assertThat(out.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(Thread.getAllStackTraces().keySet()).as("the attempt's log stream ended with the launch")
                    .noneMatch(t -> t.getName().startsWith("skyrun-logs-" + out.runId()) && t.isAlive());
            Thread.sleep(1000);
            assertThat(uncaught).as("what a thread of the launch threw (printed as a stack trace)").isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            h.close();
            h = new Harness(tmp); // the same home, with clouds open again for the cleanup
        }
    }
}
