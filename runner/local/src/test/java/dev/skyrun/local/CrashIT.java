package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.TestStates;
import dev.skyrun.testkit.Docker;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the runner at five points, then {@code status} (which changes nothing) and {@code resume}:
 * one live attempt, zero orphans.
 */
class CrashIT {

    /** A job that marks step 2 at once, then runs a minute in attempt 1 and ends at once in later ones. */
    private static final String LONG_FIRST_ATTEMPT = "echo 2 > \"$SKYRUN_CHECKPOINT_DIR/step\";"
            + " if [ \"$SKYRUN_ATTEMPT\" = 1 ]; then sleep 60; fi; echo done";

    @TempDir
    Path tmp;

    Harness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.state.runs().all().forEach(r -> h.actions.down(r.id()));
            h.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.BEFORE_CREATE, CrashPoints.AFTER_PROVISION, CrashPoints.AFTER_CREATE,
        CrashPoints.DURING_START, "running", CrashPoints.RECOVERING})
    void aKilledRunnerIsResumedWithOneLiveAttemptAndNoOrphans(String point) throws Exception {
        Path home = tmp.resolve("home");
        Process runner = runner(home, point);
        if (point.equals("running") || point.equals(CrashPoints.RECOVERING)) {
            String container = awaitStep(home, 2);
            if (point.equals("running")) {
                runner.destroyForcibly();
            } else {
                Docker.docker("kill", container);
            }
        }
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as("runner log: " + tmp.resolve("runner.log")).isTrue();
        assertThat(runner.exitValue()).isEqualTo(137);

        h = new Harness(tmp);
        RunRecord crashed = h.state.runs().all().get(0);
        assertThat(crashed.status().terminal()).isFalse();
        if (point.equals(CrashPoints.DURING_START)) {
            awaitExited(crashed.id() + "-1-0"); // its wrapper saw its payload end with the launch
        }
        List<AttemptRecord> before = h.state.runs().attempts(crashed.id());
        RunRecord seen = h.actions.refresh(crashed); // what skyrun status shows
        if (!point.equals(CrashPoints.DURING_START)) { // there it sees the start cut short, as resume records it
            assertThat(seen.status().terminal()).as(seen.reason().orElse("")).isFalse();
        }
        assertThat(h.state.runs().find(crashed.id())).as("status wrote nothing").contains(crashed);
        assertThat(h.state.runs().attempts(crashed.id())).isEqualTo(before);
        RunOutcome out = h.controller.resume(crashed.id(), Secrets.none(), h.heard);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        List<AttemptRecord> attempts = h.state.runs().attempts(crashed.id());
        boolean twoAttempts = point.equals(CrashPoints.RECOVERING) || point.equals(CrashPoints.DURING_START);
        assertThat(attempts).hasSize(twoAttempts ? 2 : 1);
        if (point.equals(CrashPoints.DURING_START)) {
            assertThat(attempts.get(0).status()).as("the launch's own interrupted start is not the job's failure")
                    .isEqualTo(RunStatus.PREEMPTED);
            assertThat(attempts.get(0).reason()).get().asString().contains("never got its start payload");
        }
        assertThat(attempts).allSatisfy(a -> assertThat(a.status().terminal()).isTrue());
        int last = attempts.get(attempts.size() - 1).number();
        List<String> live = Docker.containersLabelled("skyrun-run", crashed.id());
        assertThat(live).hasSize(1);
        assertThat(Docker.docker("inspect", "-f", "{{.Name}}", live.get(0)).output().strip())
                .isEqualTo("/" + crashed.id() + "-" + last + "-0");
        assertThat(Docker.networksLabelled("skyrun-run", crashed.id())).as("a single node runs on the default bridge")
                .isEmpty();
        h.actions.down(crashed.id());
        assertThat(Docker.orphans(crashed.id())).isEmpty();
    }

    @Test
    void aJobKilledWhileNoLaunchFollowsItIsAPreemptionThatResumeRecovers() throws Exception {
        String container = runAndKillTheLaunch();
        assertThat(Docker.docker("kill", container).code()).isZero();
        awaitExited(container);

        h = new Harness(tmp);
        RunRecord crashed = h.state.runs().all().get(0);
        RunRecord seen = h.actions.refresh(crashed);
        assertThat(seen.status()).as(seen.reason().orElse("")).isEqualTo(RunStatus.PREEMPTED);
        assertThat(seen.reason()).get().asString().contains("killed from outside skyrun (exit 137)");
        assertThat(h.state.runs().find(crashed.id())).as("status wrote nothing").contains(crashed);

        RunOutcome out = h.controller.resume(crashed.id(), Secrets.none(), h.heard);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        List<AttemptRecord> attempts = h.state.runs().attempts(crashed.id());
        assertThat(attempts).extracting(AttemptRecord::status).containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
        assertThat(attempts.get(0).exitCode()).as("a preemption is no exit of the job").isEmpty();
        assertThat(attempts.get(0).reason()).contains("node 0 was killed from outside skyrun (exit 137)");
    }

    @Test
    void aLaunchOfTheSameNameIsRefusedWhileTheJobOfARunWhoseLaunchDiedStillRuns() throws Exception {
        String container = runAndKillTheLaunch();

        h = new Harness(tmp);
        RunRecord first = h.state.runs().all().get(0);
        assertThatThrownBy(() -> h.launch(dev.skyrun.run.LaunchRequest.of(Tasks.task("crash", "echo second"))))
                .isInstanceOf(dev.skyrun.run.NameHeldException.class)
                .hasMessageContaining(first.id()).hasMessageContaining("skyrun resume " + first.id());
        assertThat(h.state.runs().all()).as("no second run recorded").hasSize(1);
        assertThat(Docker.containersLabelled("skyrun-run", first.id())).as("its job only").hasSize(1);
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", container).output().strip()).isEqualTo("true");

        h.actions.cancel(first);
        RunOutcome second = h.launch(dev.skyrun.run.LaunchRequest.of(Tasks.task("crash", "echo second")));
        assertThat(second.status()).as("once that run ended the name is free").isEqualTo(RunStatus.SUCCEEDED);
    }

    /** Starts a launch of {@link #LONG_FIRST_ATTEMPT}, kills it (-9) once the job runs; returns the job's container. */
    private String runAndKillTheLaunch() throws Exception {
        Path home = tmp.resolve("home");
        Process runner = runner(home, "none", LONG_FIRST_ATTEMPT);
        String container = awaitStep(home, 2);
        runner.destroyForcibly();
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return container;
    }

    /** Starts the crash runner process (see {@link CrashRunner}) halting at {@code point}, running {@code command}. */
    private Process runner(Path home, String point, String... command) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashRunner.class.getName(), home.toString(), point,
                Docker.busybox()));
        args.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().putAll(TestStates.current().env(tmp));
        return pb.redirectErrorStream(true).redirectOutput(tmp.resolve("runner.log").toFile()).start();
    }

    /** Waits until the container has exited. */
    private static void awaitExited(String container) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Docker.docker("inspect", "-f", "{{.State.Status}}", container).output().strip().equals("exited")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(container + " did not exit");
    }

    /** Waits until the run's job wrote checkpoint step {@code n}; returns its container's name. */
    private static String awaitStep(Path home, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            File steps = home.resolve("runs").toFile();
            File[] runs = steps.listFiles();
            if (runs == null || runs.length == 0) {
                continue;
            }
            Path step = runs[0].toPath().resolve("checkpoints/step");
            try {
                if (Integer.parseInt(java.nio.file.Files.readString(step).strip()) >= n) {
                    return runs[0].getName() + "-1-0";
                }
            } catch (java.io.IOException | NumberFormatException notYet) {
                // not written yet
            }
        }
        throw new AssertionError("the job never reached step " + n);
    }
}
