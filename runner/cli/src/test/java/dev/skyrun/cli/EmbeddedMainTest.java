package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skyrun embedded in a program: {@link Main#run(java.io.PrintStream, java.io.PrintStream, Map, String...)}
 * reads the environment it is given, not the process's, so one JVM serves several homes and states.
 */
class EmbeddedMainTest {

    @TempDir
    Path dir;

    @Test
    void twoHomesInOneProcessEachReadTheirOwnSettingsAndEnvironment() throws Exception {
        Path a = home("a", "us-east-1");
        Path b = home("b", "eu-west-1");

        assertThat(settings(Map.of("SKYRUN_HOME", a.toString(), "SKYRUN_LAMBDA_SSH_USER", "ubuntu"))).containsExactly(
                "aws.region=us-east-1 user " + a.resolve("config.yaml") + ":2:11",
                "lambda.ssh_user=ubuntu environment SKYRUN_LAMBDA_SSH_USER");
        assertThat(settings(Map.of("SKYRUN_HOME", b.toString()))).containsExactly(
                "aws.region=eu-west-1 user " + b.resolve("config.yaml") + ":2:11");
    }

    @Test
    void theStateIsTheOneTheGivenEnvironmentNames() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "postgresql://skyrun:hunter2@127.0.0.1:" + closed + "/skyrun";

        CliRun r = CliRun.in(Map.of("SKYRUN_HOME", home("c", "us-east-1").toString(), "SKYRUN_STATE", url), "status");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("127.0.0.1:" + closed).contains("SKYRUN_STATE").doesNotContain("hunter2");
        assertThat(dir.resolve("c").resolve("state.db")).as("no SQLite state beside the shared one").doesNotExist();
    }

    private Path home(String name, String region) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("config.yaml"), "aws:\n  region: " + region + "\n");
        return home;
    }

    private static List<String> settings(Map<String, String> env) throws Exception {
        CliRun r = CliRun.in(env, "config", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).path("settings")) {
            rows.add(s.path("key").asText() + "=" + s.path("value").asText() + " " + s.path("layer").asText() + " "
                    + s.path("origin").asText());
        }
        return rows;
    }
}
