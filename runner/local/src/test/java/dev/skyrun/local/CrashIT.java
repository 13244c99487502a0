package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the runner at five points, then {@code status} (which changes nothing) and {@code resume}:
 * one live attempt, zero orphans.
 */
class CrashIT {

    @TempDir
    Path tmp;

    Harness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.state.runs().all().forEach(r -> h.actions.removeEverything(r.id()));
            h.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.BEFORE_CREATE, CrashPoints.AFTER_PROVISION, CrashPoints.AFTER_CREATE, "running", CrashPoints.RECOVERING})
    void aKilledRunnerIsResumedWithOneLiveAttemptAndNoOrphans(String point) throws Exception {
        Path home = tmp.resolve("home");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process runner = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashRunner.class.getName(), home.toString(), point, Docker.busybox())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("runner.log").toFile()).start();
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
        List<AttemptRecord> before = h.state.runs().attempts(crashed.id());
        RunRecord seen = h.actions.refresh(crashed); // what skyrun status shows
        assertThat(seen.status().terminal()).as(seen.reason().orElse("")).isFalse();
        assertThat(h.state.runs().find(crashed.id())).as("status wrote nothing").contains(crashed);
        assertThat(h.state.runs().attempts(crashed.id())).isEqualTo(before);
        RunOutcome out = h.controller.resume(crashed.id(), Secrets.none(), h.heard);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        List<AttemptRecord> attempts = h.state.runs().attempts(crashed.id());
        assertThat(attempts).hasSize(point.equals(CrashPoints.RECOVERING) ? 2 : 1);
        assertThat(attempts).allSatisfy(a -> assertThat(a.status().terminal()).isTrue());
        int last = attempts.get(attempts.size() - 1).number();
        List<String> live = Docker.containersLabelled("skyrun-run", crashed.id());
        assertThat(live).hasSize(1);
        assertThat(Docker.docker("inspect", "-f", "{{.Name}}", live.get(0)).output().strip())
                .isEqualTo("/" + crashed.id() + "-" + last + "-0");
        assertThat(Docker.networksLabelled("skyrun-run", crashed.id())).as("a single node runs on the default bridge")
                .isEmpty();
        h.actions.removeEverything(crashed.id());
        assertThat(Docker.orphans(crashed.id())).isEmpty();
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
