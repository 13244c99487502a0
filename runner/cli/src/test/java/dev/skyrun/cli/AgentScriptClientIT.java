package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/agent-client, the client without a JVM that bin/skyrun runs when an agent of its home runs:
 * the command runs in the agent with the same stdout, stderr and exit code as in a process of its
 * own; a signal before the agent took the request ends it as it ends a JVM (130 on Ctrl-C); and
 * neither it nor the JVM client tells anything to a socket of another user at this context's address.
 */
class AgentScriptClientIT {

    @TempDir
    Path tmp;

    private Process foreign;
    private Path foreignDir;

    @AfterEach
    void down() throws Exception {
        skyrun(Map.of(), "agent", "stop");
        if (foreign != null) {
            foreign.destroyForcibly().waitFor();
        }
        if (foreignDir != null) {
            try (var files = Files.walk(foreignDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aCommandThroughTheAgentPrintsAndExitsAsInItsOwnProcessAndItsClientIsNoJvm() throws Exception {
        Files.writeString(tmp.resolve("bad.yaml"), "name: bad\nresources: {cloud: local}\nrun: echo\nnum_nodes: -1\n");
        CliProcess.Result started = skyrun(Map.of(), "status");
        assertThat(serving()).as(started.toString()).hasSize(1);
        long agent = serving().get(0).get("pid").asLong();

        CliProcess.Result served = skyrun(Map.of(), "validate", "bad.yaml");
        CliProcess.Result own = skyrun(Map.of("SKYRUN_AGENT", "off"), "validate", "bad.yaml");
        CliProcess.Result version = skyrun(Map.of(), "--version");

        assertThat(served.exit()).as(served.toString()).isEqualTo(ExitCode.BAD_INPUT).isEqualTo(own.exit());
        assertThat(served.out()).isEqualTo(own.out());
        assertThat(served.err()).contains("bad.yaml:4:").isEqualTo(own.err());
        assertThat(version.exit()).isZero();
        assertThat(version.out()).isEqualTo(skyrun(Map.of("SKYRUN_AGENT", "off"), "--version").out());

        // the agent stopped: the client waits for the request to be taken, as perl (no JVM), and Ctrl-C ends it at 130
        signal("STOP", agent);
        try {
            CliProcess.Running waiting = CliProcess.start(tmp, AgentCli.env(Map.of()), AgentCli.command("status"), tmp);
            String program = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!program.startsWith("perl") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                program = program(waiting.process().pid());
            }
            Thread.sleep(300); // connected and waiting
            assertThat(program).as("the client of a running agent is bin/agent-client, not a JVM").startsWith("perl");
            signal("INT", waiting.process().pid());
            CliProcess.Result r = waiting.finish(Duration.ofSeconds(10));
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INTERRUPTED);
        } finally {
            signal("CONT", agent);
        }
        assertThat(skyrun(Map.of(), "status").exit()).as("the agent serves on").isZero();
    }

    @Test
    void aSocketOfAnotherUserAtThisContextsAddressIsToldNothingByEitherClient() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root to run a listener as another user");
        CliProcess.Result own = skyrun(Map.of("SKYRUN_AGENT", "off"), "status");
        skyrun(Map.of(), "status"); // starts this context's agent: its id is where the JVM client connects
        String id = serving().get(0).get("id").asText();
        skyrun(Map.of(), "agent", "stop");
        foreignDir = Files.createTempDirectory("skyrun-foreign");
        Files.setPosixFilePermissions(foreignDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path report = foreignDir.resolve("report");
        foreign = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-MSocket",
                "-e", "socket(S, PF_UNIX, SOCK_STREAM, 0) or die; bind(S, pack_sockaddr_un($ARGV[0])) or die; listen(S, 5);"
                        + " open(R, '>', $ARGV[1]); close R;"
                        + " while (accept(C, S)) { my $n = sysread(C, my $b, 65536); open(R, '>>', $ARGV[1]);"
                        + " print R 'read ', ($n // 0), \"\\n\"; close R; close C }",
                foreignDir.resolve("s.sock").toString(), report.toString())
                .redirectErrorStream(true).redirectOutput(foreignDir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(report) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Path agents = tmp.resolve("skyrun-home/agents");
        // where this context's agent listens, and a lock naming this directory as a live agent's does
        Files.move(foreignDir.resolve("s.sock"), agents.resolve(id + ".sock"));
        Files.writeString(agents.resolve(id + ".lock"), "pid 1\nstarted now\ncwd " + tmp.toRealPath() + "\n");

        CliProcess.Result r = skyrun(Map.of(), "status");
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.readString(report).lines().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(own.out());
        // bin/agent-client, then the JVM client (once, then while it waits for the agent it starts) connected to the
        // other user's socket and told it nothing; a new agent of this user served the command
        assertThat(Files.readString(report).lines().toList()).hasSizeGreaterThanOrEqualTo(2).containsOnly("read 0");
        assertThat(serving()).hasSize(1);
    }

    private List<JsonNode> serving() throws IOException, InterruptedException {
        return AgentCli.serving(tmp);
    }

    private CliProcess.Result skyrun(Map<String, String> extra, String... args) throws IOException, InterruptedException {
        return AgentCli.run(tmp, extra, tmp, args);
    }

    /** The file name of the program process {@code pid} runs. */
    private static String program(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).getFileName().toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }
}
