package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.LedgerEntry;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun cost} in its own process over a state database holding the ledger of two runs as
 * the controller records it: a run preempted on AWS and finished on GCP, and a run still billing.
 */
class CostCommandIT {

    @TempDir
    Path tmp;

    final Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);

    @BeforeEach
    void ledger() throws Exception {
        try (StateStore s = StateStore.open(SkyrunHome.at(tmp.resolve("skyrun-home")))) {
            run(s, "train-aaaaaa", "train");
            attempt(s, "train-aaaaaa", 1, "aws", RunStatus.PREEMPTED);
            attempt(s, "train-aaaaaa", 2, "gcp", RunStatus.SUCCEEDED);
            s.ledger().open(entry("train-aaaaaa", 1, 2, 1.5, yesterday.plusSeconds(3600), 2 * 3600));
            s.ledger().open(entry("train-aaaaaa", 2, 2, 2.0, yesterday.plusSeconds(3 * 3600), 3600));
            run(s, "eval-bbbbbb", "eval");
            attempt(s, "eval-bbbbbb", 1, "aws", RunStatus.RUNNING);
            s.ledger().open(new LedgerEntry("eval-bbbbbb", 1, 1, 3.6, "live aws", Instant.now().minusSeconds(3600),
                    Instant.now().minusSeconds(3600), Optional.empty()));
        }
    }

    private static void run(StateStore s, String id, String name) {
        s.runs().insert(new RunRecord(id, name, id + "-task0", RunStatus.PENDING, Optional.empty(), "{}", Instant.now(),
                Instant.now(), Optional.empty(), Optional.empty(), false, 0, Optional.empty()));
    }

    private static void attempt(StateStore s, String id, int n, String cloud, RunStatus status) {
        s.runs().insertAttempt(new AttemptRecord(id, n, cloud, cloud + "/r", id + "-" + n, status, Instant.now(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static LedgerEntry entry(String id, int attempt, int nodes, double price, Instant from, long seconds) {
        return new LedgerEntry(id, attempt, nodes, price, "catalog v8", from, from, Optional.of(from.plusSeconds(seconds)));
    }

    private JsonNode json(String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, Map.of(), args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void sumsByCloudRunAndDayWithWhatStillBillsCountedToNow() throws Exception {
        JsonNode byCloud = json("cost", "--by", "cloud", "-o", "json");
        assertThat(byCloud.get("by").asText()).isEqualTo("cloud");
        // aws: 2 nodes x $1.50 x 2 h = $6 and 1 node x $3.60 x ~1 h; gcp: 2 nodes x $2 x 1 h = $4
        assertThat(byCloud.at("/rows/0/key").asText()).isEqualTo("aws");
        assertThat(byCloud.at("/rows/0/usd").asDouble()).isCloseTo(6 + 3.6, within(0.05));
        assertThat(byCloud.at("/rows/0/billing").asBoolean()).isTrue();
        assertThat(byCloud.at("/rows/1/usd").asDouble()).isCloseTo(4.0, within(1e-9));
        assertThat(byCloud.get("total_usd").asDouble()).isCloseTo(13.6, within(0.05));

        JsonNode byTask = json("cost", "--by", "task", "-o", "json");
        assertThat(byTask.at("/rows/0/key").asText()).isEqualTo("train");
        assertThat(byTask.at("/rows/0/node_hours").asDouble()).isCloseTo(6.0, within(1e-9));

        JsonNode today = json("cost", "--by", "day", "--since", Instant.now().truncatedTo(ChronoUnit.DAYS).toString(),
                "-o", "json");
        assertThat(today.get("rows")).hasSize(1);
        assertThat(today.at("/rows/0/usd").asDouble()).as("only what billed today: the open run (~$3.60 an hour), not"
                + " yesterday's $10").isBetween(0.0, 4.5);

        CliProcess.Result text = CliProcess.run(tmp, Map.of(), "cost", "--by", "run");
        assertThat(text.out()).containsPattern("RUN +COST +NODE-HOURS").containsPattern("train-aaaaaa +\\$10\\.00 +6\\.000")
                .contains("eval-bbbbbb *").containsPattern("TOTAL +\\$13\\.").contains("* nodes still running");
    }

    @Test
    void aBadSinceOrKeyIsExitTwoNamingWhatIsExpected() throws Exception {
        CliProcess.Result since = CliProcess.run(tmp, Map.of(), "cost", "--since", "last tuesday");
        assertThat(since.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(since.err()).contains("--since last tuesday", "7d");
        CliProcess.Result by = CliProcess.run(tmp, Map.of(), "cost", "--by", "zone");
        assertThat(by.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(by.err()).contains("run, task, cloud, release, day");
    }
}
