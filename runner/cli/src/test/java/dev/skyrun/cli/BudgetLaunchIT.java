package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.testkit.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launch held to {@code max_duration}, as a user runs it: stopped at the cap, exit 1, BUDGET_EXCEEDED, no node left. */
class BudgetLaunchIT {

    @TempDir
    Path tmp;

    final String name = TaskFiles.randomName("budget");

    @AfterEach
    void down() throws Exception {
        CliProcess.run(tmp, Map.of(), "down", "--all", "--quiet");
    }

    @Test
    void aRunPastItsMaxDurationIsStoppedWithExitOneAndItsNodesRemoved() throws Exception {
        Path spec = Files.writeString(tmp.resolve("timed.yaml"), "name: " + name + "\nresources:\n  cloud: local\n"
                + "  max_duration: 12s\nrun: echo started; sleep 120\nimage: " + Docker.busybox() + "\n");

        CliProcess.Result launched = CliProcess.run(tmp, Map.of(), "launch", spec.toString());

        assertThat(launched.exit()).as(launched.toString()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(launched.out()).contains("started");
        assertThat(launched.err()).contains("max_duration 12 s reached");
        JsonNode status = new ObjectMapper().readTree(CliProcess.run(tmp, Map.of(), "status", name, "-o", "json").out());
        assertThat(status.get("status").asText()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(status.at("/attempts/0/ending").asText()).isEqualTo("budget exceeded");
        assertThat(status.at("/cost/billing").asBoolean()).as("its node was removed and verified gone").isFalse();
        assertThat(Docker.containersLabelled("skyrun-run", status.get("id").asText())).isEmpty();
    }
}
