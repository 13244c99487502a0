package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.ProjectDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skyrun agent that serves {@code bin/skyrun}'s commands, on the real Docker engine: one agent per
 * context, reused while the context stays; a changed environment gets its own (and its own
 * secret values, which reach no file); paths are the client's; bad input is refused with exit 2
 * as without the agent; {@code agent stop} leaves nothing serving.
 */
class AgentIT {

    @TempDir
    Path tmp;

    private final List<String> names = new ArrayList<>();

    @AfterEach
    void down() throws Exception {
        skyrun(Map.of(), tmp, "agent", "stop");
        for (String n : names) {
            skyrun(Map.of(), tmp, "down", "-q", n);
        }
    }

    @Test
    void launchesOfOneContextShareOneAgentAndAChangedEnvironmentGetsItsOwnWithItsSecret() throws Exception {
        String name = name("secret");
        // the job prints its secret in hex: printed as is, it would be masked (****) in the output
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  TOKEN: null\n",
                "printf 'token='; printf '%s' \"$TOKEN\" | hexdump -v -e '/1 \"%02x\"'; echo");
        String first = "a$(echo b)'c\"d";
        String second = "second value\nwith a newline";

        CliProcess.Result r1 = skyrun(Map.of("TOKEN", first), tmp, "launch", spec.toString());
        CliProcess.Result r2 = skyrun(Map.of("TOKEN", first), tmp, "launch", spec.toString());
        List<JsonNode> afterTwo = serving();
        CliProcess.Result r3 = skyrun(Map.of("TOKEN", second), tmp, "launch", spec.toString());

        assertThat(List.of(r1, r2, r3)).allSatisfy(r -> assertThat(r.exit()).as(r.toString()).isZero());
        assertThat(r1.out()).isEqualTo("token=" + hex(first) + "\n");
        assertThat(r2.out()).isEqualTo("token=" + hex(first) + "\n");
        assertThat(r3.out()).isEqualTo("token=" + hex(second) + "\n");
        assertThat(afterTwo).as("two launches of one context: one agent").hasSize(1);
        List<JsonNode> afterThree = serving();
        assertThat(afterThree).as("another environment: another agent").hasSize(2);
        assertThat(afterThree.stream().map(a -> a.get("pid").asLong())).contains(afterTwo.get(0).get("pid").asLong());
        assertThat(afterThree.stream().map(a -> a.get("pid").asLong()))
                .noneMatch(pid -> pid == ProcessHandle.current().pid());
        for (Path f : files(tmp.resolve("skyrun-home"))) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(text).as(f.toString()).doesNotContain("a$(echo b)").doesNotContain("with a newline");
        }
    }

    @Test
    void aRelativeSpecPathIsTheClientsAndBadInputExits2WithItsLine() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        String name = name("relative");
        TaskFiles.write(work, name, "", "echo from-relative; exit 3");
        Files.writeString(work.resolve("bad.yaml"), "name: bad\nresources: {cloud: local}\nrun: echo\nnum_nodes: -1\n");

        CliProcess.Result failed = skyrun(Map.of(), work, "launch", name + ".yaml");
        CliProcess.Result bad = skyrun(Map.of(), work, "launch", "bad.yaml");

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(failed.out()).isEqualTo("from-relative\n");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("bad.yaml:4:");
        assertThat(serving()).as("both through one agent").hasSize(1);
    }

    @Test
    void agentStopInterruptsALaunchAsCtrlCWouldAndLeavesNoAgent() throws Exception {
        String name = name("stopped");
        Path spec = TaskFiles.write(tmp, name, "", "echo started\nsleep 120");
        CliProcess.Running launch = CliProcess.start(tmp, env(Map.of()), command("launch", spec.toString()), tmp);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!launch.out().contains("started") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        CliProcess.Result stop = skyrun(Map.of(), tmp, "agent", "stop");
        CliProcess.Result r = launch.finish(Duration.ofMinutes(1));

        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(serving()).isEmpty();
        assertThat(Files.list(tmp.resolve("skyrun-home/agents")).map(p -> p.getFileName().toString()))
                .noneMatch(f -> f.endsWith(".sock"));
        String id = TaskFiles.status(skyrun(Map.of(), tmp, "status", "-o", "json", name).out()).get("id").asText();
        assertThat(Docker.orphans(id)).as("nothing orphaned").isEmpty();
    }

    @Test
    void everyCommandIsServedByTheContextsAgentAsInItsOwnProcessAndValidateAndPlanStartNone() throws Exception {
        Map<String, String> debug = Map.of("SKYRUN_DEBUG", "1"); // the client says when it runs a command itself
        Files.writeString(tmp.resolve("bad.yaml"), "name: bad\nresources: {cloud: local}\nrun: echo\nnum_nodes: -1\n");
        String gpuTask = ProjectDirs.root().resolve("examples/gpu-task.yaml").toString();
        String inProcess = "skyrun: running in this process";

        CliProcess.Result validateAlone = skyrun(debug, tmp, "validate", "bad.yaml");
        CliProcess.Result planAlone = skyrun(debug, tmp, "plan", "--catalog", "bundled", "-o", "json", gpuTask);
        List<JsonNode> afterPure = serving();
        CliProcess.Result status = skyrun(debug, tmp, "status", "-o", "json");
        List<JsonNode> afterStatus = serving();
        CliProcess.Result validateServed = skyrun(debug, tmp, "validate", "bad.yaml");
        CliProcess.Result planServed = skyrun(debug, tmp, "plan", "--catalog", "bundled", "-o", "json", gpuTask);
        CliProcess.Result statusOwn = skyrun(Map.of("SKYRUN_AGENT", "off"), tmp, "status", "-o", "json");

        assertThat(validateAlone.err()).as("no agent runs: validate runs itself").contains(inProcess);
        assertThat(planAlone.err()).as("no agent runs: plan runs itself").contains(inProcess);
        assertThat(afterPure).as("validate and plan start no agent").isEmpty();
        assertThat(status.err()).as(status.toString()).doesNotContain(inProcess);
        assertThat(afterStatus).as("status started the context's agent").hasSize(1);
        assertThat(validateServed.err()).as(validateServed.toString()).doesNotContain(inProcess);
        assertThat(planServed.err()).as(planServed.toString()).doesNotContain(inProcess);
        assertThat(validateServed.exit()).isEqualTo(validateAlone.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(validateServed.out()).isEqualTo(validateAlone.out());
        assertThat(validateServed.err()).contains("bad.yaml:4:")
                .isEqualTo(validateAlone.err().lines().filter(l -> !l.startsWith(inProcess)).map(l -> l + "\n")
                        .reduce("", String::concat));
        assertThat(planServed.exit()).isEqualTo(planAlone.exit()).isZero();
        assertThat(planServed.out()).isEqualTo(planAlone.out()).contains("\"placements\"");
        assertThat(status.exit()).isEqualTo(statusOwn.exit()).isZero();
        assertThat(status.out()).isEqualTo(statusOwn.out());
        assertThat(serving()).as("one agent served them all").hasSize(1);
    }

    @Test
    void ctrlCEndsACommandThatWatchesNothingAt130AndTheAgentServesOn() throws Exception {
        String name = name("ticks");
        Path spec = TaskFiles.write(tmp, name, "", "while true; do echo tick; sleep 0.5; done");
        CliProcess.Result detached = skyrun(Map.of(), tmp, "launch", "-d", spec.toString());
        assertThat(detached.exit()).as(detached.toString()).isZero();
        CliProcess.Running follow = CliProcess.start(tmp, env(Map.of()), command("logs", "--follow", name), tmp);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!follow.out().contains("tick") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(follow.out()).as("logs --follow printed the job's lines").contains("tick");

        long interrupted = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(follow.process().pid())).start().waitFor();
        CliProcess.Result r = follow.finish(Duration.ofSeconds(30));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).as("ended at once, as Ctrl-C ends it in a process of its own")
                .isLessThan(Duration.ofSeconds(10));
        CliProcess.Result status = skyrun(Map.of(), tmp, "status", "-o", "json", name);
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(TaskFiles.status(status.out()).get("status").asText()).isEqualTo("RUNNING");
        assertThat(serving()).as("the same agent serves on").hasSize(1);
        skyrun(Map.of(), tmp, "down", "-q", name);
    }

    private String name(String prefix) {
        String n = TaskFiles.uniqueName(prefix);
        names.add(n);
        return n;
    }

    private List<JsonNode> serving() throws IOException, InterruptedException {
        return AgentCli.serving(tmp);
    }

    private CliProcess.Result skyrun(Map<String, String> extra, Path cwd, String... args) throws IOException,
            InterruptedException {
        return AgentCli.run(tmp, extra, cwd, args);
    }

    private static Map<String, String> env(Map<String, String> extra) {
        return AgentCli.env(extra);
    }

    private static List<String> command(String... args) {
        return AgentCli.command(args);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String hex(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
