package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.testkit.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an on-call user sees of a recovered run: {@code skyrun launch} in its own process, its job
 * container killed from outside with {@code docker kill}, then {@code status RUN} (text and
 * JSON) and {@code logs RUN --events}; and the blocked placement of a run that found no capacity.
 */
class RecoveredRunIT {

    @TempDir
    Path tmp;

    final String name = TaskFiles.randomName("view");

    @AfterEach
    void down() throws Exception {
        CliProcess.run(tmp, Map.of(), "down", "--all", "--quiet");
    }

    private Path spec(String file, String body) throws Exception {
        return Files.writeString(tmp.resolve(file), "name: " + name + "\nresources:\n  cloud: local\n" + body
                + "image: " + Docker.busybox() + "\n");
    }

    @Test
    void statusShowsEachAttemptsEndingAndWhatFollowedAndLogsShowTheEventLog() throws Exception {
        // job_recovery named: the rows below are FAILOVER's (the default is SkyPilot's EAGER_NEXT_REGION)
        Path spec = spec("recover.yaml", "  job_recovery: FAILOVER\nrun: echo \"attempt $SKYRUN_ATTEMPT\"; if [ $SKYRUN_ATTEMPT = 1 ]; then sleep 120;"
                + " fi; echo done\n");
        var launch = CompletableFuture.supplyAsync(() -> {
            try {
                return CliProcess.run(tmp, Map.of(), "launch", spec.toString(), "--keep"); // containers stay, to count
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String container = LocalJobs.awaitAttempt(name, 1, Duration.ofSeconds(60));
        assertThat(Docker.docker("kill", container).code()).isZero();
        CliProcess.Result launched = launch.get(90, TimeUnit.SECONDS);
        assertThat(launched.exit()).as(launched.toString()).isZero();
        String runId = container.substring(0, container.length() - "-1-0".length());

        CliProcess.Result text = CliProcess.run(tmp, Map.of(), "status", name);
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Run:       " + runId, "Status:    SUCCEEDED, exit 0",
                "Attempts:  2 (1 recovery: 1 preempted)");
        List<String> rows = text.out().lines().dropWhile(l -> !l.startsWith("#  PLACEMENT")).toList();
        assertThat(rows.get(0)).contains("STARTED", "ENDED", "TOOK", "ENDING");
        assertThat(rows.get(1)).startsWith("1  local/local").matches(".*\\d\\d:\\d\\d:\\d\\d  \\d\\d:\\d\\d:\\d\\d .*")
                .endsWith("preempted: node 0 was killed from outside skyrun (exit 137)");
        assertThat(rows.get(2).strip()).isEqualTo("then: same placement again, then its region's others, now");
        assertThat(rows.get(3)).startsWith("2  local/local").endsWith("succeeded");
        assertThat(rows.get(0)).contains("TOOK", "COST");
        assertThat(rows.get(1)).contains(" $0 ");
        assertThat(text.out()).contains("Cost:      $0; planned at $0.00/h on local/local",
                "Billing:   nodes not verified terminated are counted to now; skyrun down " + runId);

        JsonNode json = new ObjectMapper().readTree(CliProcess.run(tmp, Map.of(), "status", name, "-o", "json").out());
        assertThat(json.get("recoveries").asInt()).isEqualTo(1);
        JsonNode first = json.get("attempts").get(0);
        assertThat(first.get("status").asText()).isEqualTo("PREEMPTED");
        assertThat(first.get("ending").asText()).isEqualTo("preempted");
        assertThat(first.get("then").asText()).startsWith("same placement again");
        assertThat(first.get("ended_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode second = json.get("attempts").get(1);
        assertThat(second.get("ending").asText()).isEqualTo("succeeded");
        assertThat(second.get("exit_code").asInt()).isZero();
        assertThat(first.at("/cost/price_source").asText()).isEqualTo("local");
        assertThat(first.at("/cost/billed_to").asText()).as("the preempted node was removed").isNotEmpty();
        assertThat(second.at("/cost/billed_to").isMissingNode()).as("--keep: attempt 2's node still runs").isTrue();
        assertThat(json.at("/cost/total_usd").asDouble()).isZero();
        assertThat(json.at("/cost/billing").asBoolean()).isTrue();
        assertThat(json.at("/cost/estimate/infra").asText()).isEqualTo("local/local");

        CliProcess.Result events = CliProcess.run(tmp, Map.of(), "logs", name, "--events");
        assertThat(events.out().lines().toList())
                .anyMatch(l -> l.endsWith("[attempt 1] attempt 1 preempted: node 0 was killed from outside skyrun"
                        + " (exit 137)  (ATTEMPT_ENDED)"))
                .anyMatch(l -> l.contains("[attempt 1] same placement again") && l.endsWith("(RECOVERING)"))
                .anyMatch(l -> l.contains("[attempt 1] removed cluster " + runId + "-1"))
                .anyMatch(l -> l.endsWith("run succeeded after 2 attempt(s)  (RUN_ENDED)"));
        JsonNode eventJson = new ObjectMapper().readTree(CliProcess.run(tmp, Map.of(), "logs", name, "--events", "-o",
                "json").out());
        assertThat(eventJson.get("events")).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("RECOVERING");
            assertThat(e.get("attempt").asInt()).isEqualTo(1);
        });
        assertThat(Docker.containersLabelled("skyrun-run", runId)).as("only attempt 2's container is left").hasSize(1);
    }

    @Test
    void statusNamesWhatWasBlockedAndWhy() throws Exception {
        Path spec = spec("big.yaml", "  cpus: 4096+\nrun: echo never\n");

        CliProcess.Result launched = CliProcess.run(tmp, Map.of(), "launch", spec.toString(), "-o", "json");

        assertThat(launched.exit()).as(launched.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(new ObjectMapper().readTree(launched.out()).get("blocked").get(0).get("what").asText())
                .isEqualTo("cloud local");
        CliProcess.Result text = CliProcess.run(tmp, Map.of(), "status", name);
        assertThat(text.out()).contains("Status:    INFRA_FAILED")
                .containsPattern("Blocked:   cloud local after attempt 1: local: a node needs 4096\\.0 vCPUs .* this machine"
                        + " has \\d+")
                .containsPattern("1  local/local .* infra error: local: a node needs 4096");
        JsonNode json = new ObjectMapper().readTree(CliProcess.run(tmp, Map.of(), "status", name, "-o", "json").out());
        JsonNode blocked = json.get("blocked").get(0);
        assertThat(blocked.get("attempt").asInt()).isEqualTo(1);
        assertThat(blocked.get("what").asText()).isEqualTo("cloud local");
        assertThat(blocked.get("reason").asText()).contains("4096.0 vCPUs");
        assertThat(json.get("attempts").get(0).get("ending").asText()).isEqualTo("infra error");
        JsonNode list = new ObjectMapper().readTree(CliProcess.run(tmp, Map.of(), "status", "-o", "json").out());
        assertThat(list.get("runs").get(0).get("blocked").get(0).get("reason").asText()).contains("4096.0 vCPUs");
    }
}
