package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.ProjectDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/skyrun launch} as the user's shell starts it, on the real Docker engine, where
 * processes matter: two launches of one name at once, Ctrl-C (SIGINT), a launch killed with -9
 * and then resumed, and a detached launch. Each test has its own SKYRUN_HOME. Here launch goes
 * through the skyrun agent, as it does by default; {@link LaunchProcessNoAgentIT} runs the same
 * with {@code SKYRUN_AGENT=off} (each launch in a JVM of its own).
 */
class LaunchProcessIT {

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();

    /** The environment bin/skyrun gets, beyond the private HOME and SKYRUN_HOME. */
    Map<String, String> env() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }

    @AfterEach
    void down() throws Exception {
        for (String r : runs) {
            skyrun("down", "-q", r);
            assertThat(Docker.orphans(r)).as("left by " + r).isEmpty();
        }
        skyrun("agent", "stop");
    }

    @Test
    void twoLaunchesOfOneNameAtOnceRunOneAndRefuseTheOtherNamingTheHolder() throws Exception {
        String name = TaskFiles.uniqueName("twice");
        Path spec = TaskFiles.write(tmp, name, "", "sleep 4\necho done");

        CliProcess.Running a = start("launch", spec.toString());
        CliProcess.Running b = start("launch", spec.toString());
        CliProcess.Result ra = a.finish(Duration.ofMinutes(2));
        CliProcess.Result rb = b.finish(Duration.ofMinutes(2));

        JsonNode run = status(name);
        List<CliProcess.Result> both = List.of(ra, rb);
        assertThat(both).extracting(CliProcess.Result::exit).as(both.toString())
                .containsExactlyInAnyOrder(ExitCode.OK, ExitCode.INFRASTRUCTURE);
        CliProcess.Result refused = ra.exit() == ExitCode.INFRASTRUCTURE ? ra : rb;
        assertThat(refused.err()).contains("run name '" + name + "' is held by run " + run.get("id").asText());
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    /**
     * Sends SIGINT to the launch, as Ctrl-C does, and checks it exits 130, its run (as {@code run}
     * reads it then) ended INTERRUPTED and nothing of run {@code id} is left on the engine.
     */
    private static void interruptAndCheckStopped(CliProcess.Running launch, Callable<JsonNode> run, String id)
            throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(launch.process().pid())).start().waitFor();
        CliProcess.Result r = launch.finish(Duration.ofMinutes(1));
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(run.call().get("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(Docker.orphans(id)).as("nothing orphaned").isEmpty();
    }

    @Test
    void ctrlCStopsTheJobRemovesItsContainerAndExits130() throws Exception {
        String name = TaskFiles.uniqueName("ctrlc");
        Path spec = TaskFiles.write(tmp, name, "", "echo started\nsleep 120");
        CliProcess.Running launch = start("launch", spec.toString());
        await(() -> launch.out().contains("started"), launch);
        String id = status(name).get("id").asText();
        assertThat(Docker.containersLabelled("skyrun-run", id)).hasSize(1);

        interruptAndCheckStopped(launch, () -> status(name), id);
    }

    @Test
    void ctrlCDuringAPipelineStopsItsRunningStage() throws Exception {
        String stage = TaskFiles.uniqueName("stage");
        Path spec = java.nio.file.Files.writeString(tmp.resolve("pipeline.yaml"), "kind: pipeline\nname: "
                + TaskFiles.uniqueName("pipe") + "\nstages:\n  - name: " + stage + "\n    task:\n      image: "
                + Docker.busybox() + "\n      resources: {cloud: local}\n      run: echo started; sleep 120\n");
        CliProcess.Running launch = start("launch", spec.toString());
        await(() -> launch.out().contains("started"), launch);
        String id = stageRun(stage).get("id").asText(); // a stage's run is named after it and the pipeline run

        interruptAndCheckStopped(launch, () -> stageRun(stage), id);
    }

    @Test
    void aLaunchKilledWithMinus9IsResumedWithoutASecondContainer() throws Exception {
        String name = TaskFiles.uniqueName("resume");
        Path spec = TaskFiles.write(tmp, name, "", "echo first\nsleep 8\necho second");
        CliProcess.Running launch = start("launch", spec.toString(), "--keep"); // its container stays, to count
        await(() -> launch.out().contains("first"), launch);
        launch.process().destroyForcibly().waitFor();
        String id = status(name).get("id").asText();
        assertThat(status(name).get("status").asText()).isEqualTo("RUNNING");

        CliProcess.Result resumed = skyrun("launch", "--resume", name);

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("second");
        JsonNode run = status(name);
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("attempts")).hasSize(1);
        assertThat(Docker.containersLabelled("skyrun-run", id)).hasSize(1);
    }

    @Test
    void aDetachedLaunchPrintsTheRunIdAndABackgroundControllerFinishesIt() throws Exception {
        String name = TaskFiles.uniqueName("detach");
        Path spec = TaskFiles.write(tmp, name, "", "sleep 3\necho detached-done");

        CliProcess.Result r = skyrun("launch", "-d", spec.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        String id = r.out().strip();
        assertThat(id).startsWith(name + "-");
        await(() -> skyrun("logs", "--events", id).out().contains("run succeeded"), null);
        assertThat(skyrun("logs", "--events", id).out()).contains("resumed by pid");
        assertThat(status(name).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(skyrun("logs", id).out()).contains("detached-done");
    }

    private CliProcess.Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProjectDirs.root().resolve("bin/skyrun").toString()));
        cmd.addAll(List.of(args));
        return CliProcess.start(tmp, env(), cmd);
    }

    private CliProcess.Result skyrun(String... args) throws IOException, InterruptedException {
        return start(args).finish(Duration.ofMinutes(2));
    }

    private JsonNode status(String name) throws IOException, InterruptedException {
        CliProcess.Result r = skyrun("status", "-o", "json", name);
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode run = TaskFiles.status(r.out());
        if (!runs.contains(run.get("id").asText())) {
            runs.add(run.get("id").asText());
        }
        return run;
    }

    private JsonNode stageRun(String stage) throws IOException, InterruptedException {
        CliProcess.Result r = skyrun("status", "-o", "json");
        for (JsonNode run : TaskFiles.status(r.out()).get("runs")) {
            if (run.get("id").asText().startsWith(stage + "-")) {
                runs.add(run.get("id").asText());
                return run;
            }
        }
        throw new AssertionError("no run of stage " + stage + " in " + r);
    }

    /** Waits up to a minute for {@code condition}. */
    private static void await(Callable<Boolean> condition, CliProcess.Running shown) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out" + (shown == null ? "" : "; stderr:\n" + shown.err()));
            }
            Thread.sleep(100);
        }
    }
}
