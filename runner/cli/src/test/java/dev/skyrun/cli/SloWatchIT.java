package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun watch} against a real Prometheus server (started here on loopback, scraping every
 * second an exporter this test serves): two releases are promoted, the exporter's latency goes
 * over the SLO, and the watch rolls back to the release before after the configured consecutive
 * failures; the history shows the breach and the automatic rollback with the evidence. With the
 * metric missing, the SLO's on_missing policy applies (ignore: no breach; fail: a breach).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SloWatchIT {

    Path tmp;

    PrometheusServer prometheus;

    @BeforeAll
    void startPrometheus(@TempDir Path dir) throws Exception {
        tmp = dir;
        prometheus = PrometheusServer.start(java.nio.file.Files.createDirectories(tmp.resolve("prometheus")));
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
            assertThat(prometheus.alive()).as("the test's prometheus is killed").isFalse();
        }
    }

    private String slo(String query, int failures, String onMissing) {
        return """
                slo:
                  - name: p95-latency
                    prometheus: {url: "%s", query: "%s"}
                    max: 250
                    interval: 1s
                    failures: %d
                    on_missing: %s
                """.formatted(prometheus.url(), query, failures, onMissing);
    }

    /** Promotes {@code release@1.0.0}, then {@code release@second}, both with {@code slo}. */
    private static void promoteTwo(Path dir, String stage, String release, String second, String slo) throws Exception {
        for (String version : java.util.List.of("1.0.0", second)) {
            ReleasePipelines.launch(ReleasePipelines.write(dir, stage, release, version, "{\"acc\": 0.9}", slo), 0,
                    "PROMOTED");
        }
    }

    @Test
    void aLatencyOverTheSloRollsBackToThePreviousStableReleaseAfterThreeFailuresWithTheEvidence() throws Exception {
        String release = ReleasePipelines.uniqueRelease("slo");
        String stage = ReleasePipelines.uniqueStage("lat");
        Path dir = tmp.resolve(release);
        String query = "max(" + PrometheusServer.METRIC + ")";
        promoteTwo(dir, stage, release, "2.0.0", slo(query, 3, "ignore"));

        prometheus.latency(120);
        CliRun healthy = CliRun.of("watch", release, "--once", "-o", "json");
        assertThat(healthy.exit()).as(healthy.err()).isEqualTo(ExitCode.OK);
        JsonNode h = TaskFiles.status(healthy.out());
        assertThat(h.at("/release").asText()).isEqualTo(release + "@2.0.0");
        assertThat(h.at("/outcome").asText()).isEqualTo("healthy");
        assertThat(h.at("/readings/0/outcome").asText()).isEqualTo("PASS");
        assertThat(h.at("/readings/0/value").asDouble()).isEqualTo(120);

        prometheus.removeMetric();
        CliRun missing = CliRun.of("watch", release, "--max-readings", "3", "-o", "json");
        assertThat(missing.exit()).as("on_missing: ignore never breaches: " + missing.err()).isEqualTo(ExitCode.OK);
        assertThat(TaskFiles.status(missing.out()).at("/readings")).hasSize(3).allSatisfy(r -> {
            assertThat(r.at("/outcome").asText()).isEqualTo("MISSING");
            assertThat(r.at("/failures").asText()).isEqualTo("0/3");
        });

        prometheus.latency(400);
        Instant start = Instant.now();
        CliRun breach = CliRun.of("watch", release, "--max-readings", "10");
        assertThat(breach.exit()).as(breach.out() + breach.err()).isEqualTo(ExitCode.BREACHED);
        assertThat(Duration.between(start, Instant.now())).as("three readings one second apart")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(breach.out().lines().filter(l -> l.contains(" FAIL ")).toList()).hasSize(3);
        assertThat(breach.out()).contains("rolled back to " + release + "@1.0.0: new release " + release
                + "@1.0.0+2 PROMOTED");

        List<JsonNode> history = ReleasePipelines.releases(release);
        JsonNode rollback = history.get(0);
        assertThat(rollback.at("/release").asText()).isEqualTo(release + "@1.0.0+2");
        assertThat(rollback.at("/rollback_of").asText()).isEqualTo(release + "@1.0.0");
        assertThat(rollback.at("/stable").asText()).isEqualTo("current");
        assertThat(rollback.at("/notes/0/kind").asText()).isEqualTo("AUTO_ROLLBACK");
        assertThat(rollback.at("/notes/0/reason").asText()).startsWith("automatic rollback of " + release
                + "@2.0.0 to " + release + "@1.0.0: slo p95-latency breached: 3 consecutive failed readings (missing, missing,"
                + " missing, 400, 400, 400; must be <= 250)");

        JsonNode breached = ReleasePipelines.release(release, "2.0.0");
        assertThat(breached.at("/verdict").asText()).isEqualTo("BREACHED");
        assertThat(breached.at("/manifest_verdict").asText()).isEqualTo("PROMOTED");
        assertThat(breached.at("/stable").asText()).isEqualTo("-");
        JsonNode note = breached.at("/notes/0");
        assertThat(note.at("/kind").asText()).isEqualTo("BREACHED");
        assertThat(note.at("/actor").asText()).isEqualTo("skyrun watch");
        JsonNode evidence = note.at("/evidence");
        assertThat(evidence.at("/source").asText()).isEqualTo("prometheus");
        assertThat(evidence.at("/url").asText()).isEqualTo(prometheus.url());
        assertThat(evidence.at("/query").asText()).isEqualTo(query);
        assertThat(evidence.at("/max").asDouble()).isEqualTo(250);
        assertThat(evidence.at("/failures").asInt()).isEqualTo(3);
        List<JsonNode> streak = StreamSupport.stream(evidence.at("/readings").spliterator(), false).toList();
        assertThat(streak).as("the streak: the ignored missing readings, then the failures").hasSize(6)
                .extracting(r -> r.at("/outcome").asText())
                .containsExactly("MISSING", "MISSING", "MISSING", "FAIL", "FAIL", "FAIL");
        List<JsonNode> readings = streak.subList(3, 6);
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.at("/outcome").asText()).isEqualTo("FAIL");
            assertThat(r.at("/value").asDouble()).isEqualTo(400);
            assertThat(Instant.parse(r.at("/at").asText())).isBetween(start, Instant.now());
        });
        assertThat(Duration.between(Instant.parse(readings.get(0).at("/at").asText()),
                Instant.parse(readings.get(2).at("/at").asText()))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));

        CliRun text = CliRun.of("releases", release);
        assertThat(text.out()).containsPattern(release + "@2\\.0\\.0 .* BREACHED ")
                .contains("BREACHED ").contains(" by skyrun watch: slo p95-latency breached")
                .contains("AUTO_ROLLBACK ");
        ReleasePipelines.assertNothingLeft(stage);
    }

    @Test
    void aMissingMetricUnderOnMissingFailBreachesAndADryRunRecordsNothing() throws Exception {
        String release = ReleasePipelines.uniqueRelease("miss");
        String stage = ReleasePipelines.uniqueStage("mis");
        Path dir = tmp.resolve(release);
        String query = "max(fusion_queue_depth_never_exported)";
        promoteTwo(dir, stage, release, "1.1.0", slo(query, 2, "fail"));

        CliRun dry = CliRun.of("watch", release, "--max-readings", "5", "--dry-run");
        assertThat(dry.exit()).as(dry.out() + dry.err()).isEqualTo(ExitCode.BREACHED);
        assertThat(dry.out()).contains("dry run: would roll back to " + release + "@1.0.0 (nothing recorded)");
        assertThat(ReleasePipelines.releases(release)).hasSize(2).allSatisfy(r -> assertThat(r.at("/notes")).isEmpty());

        CliRun breach = CliRun.of("watch", release, "-o", "json");
        assertThat(breach.exit()).as(breach.out() + breach.err()).isEqualTo(ExitCode.BREACHED);
        JsonNode w = TaskFiles.status(breach.out());
        assertThat(w.at("/readings")).as("two missing readings, counted as failures").hasSize(2)
                .allSatisfy(r -> assertThat(r.at("/outcome").asText()).isEqualTo("MISSING"));
        assertThat(w.at("/readings/1/failures").asText()).isEqualTo("2/2");
        assertThat(w.at("/evidence/on_missing").asText()).isEqualTo("fail");
        assertThat(w.at("/evidence/readings/0/detail").asText()).contains(query).contains("no value");
        assertThat(w.at("/rolled_back_to").asText()).isEqualTo(release + "@1.0.0");
        assertThat(ReleasePipelines.release(release, "1.1.0").at("/verdict").asText()).isEqualTo("BREACHED");
        assertThat(ReleasePipelines.releases(release).get(0).at("/rollback_of").asText()).isEqualTo(release + "@1.0.0");
        ReleasePipelines.assertNothingLeft(stage);
    }

    @Test
    void aReleaseWithoutAnSloSectionOrAnythingToRollBackToIsRefusedWithExit2() throws Exception {
        String release = ReleasePipelines.uniqueRelease("noslo");
        String stage = ReleasePipelines.uniqueStage("nos");
        Path dir = tmp.resolve(release);
        ReleasePipelines.launch(ReleasePipelines.write(dir, stage, release, "1.0.0", "{\"acc\": 0.9}", ""), 0, "PROMOTED");
        CliRun none = CliRun.of("watch", release, "--once");
        assertThat(none.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains(release + "@1.0.0 has no slo: section");

        ReleasePipelines.launch(ReleasePipelines.write(dir, stage, release, "2.0.0", "{\"acc\": 0.9}",
                slo("max(" + PrometheusServer.METRIC + ")", 1, "ignore")), 0, "PROMOTED");
        CliRun unknown = CliRun.of("watch", "no-such-release-" + System.nanoTime(), "--once");
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("no stable release of no-such-release-");
        ReleasePipelines.assertNothingLeft(stage);
    }
}
