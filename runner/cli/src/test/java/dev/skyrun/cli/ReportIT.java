package dev.skyrun.cli;

import static dev.skyrun.cli.FederatedWorkTree.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun report} opened in a real headless browser (Debian's {@code chromium}): the report
 * of a run refused by one priced region, preempted on another and finished on a third, and the report of the
 * federated pipeline's release. Each is rendered to a screenshot under {@code target/report/}
 * (with {@code -Dskyrun.report.update=true} the recovered run's also becomes
 * {@code docs/report.png}), and its DOM, as the browser built it, has one bar per attempt.
 */
class ReportIT {

    static final Path SHOTS = Path.of("target/report");

    @TempDir
    Path tmp;

    final String name = TaskFiles.randomName("report");

    @AfterEach
    void down() throws Exception {
        CliProcess.run(tmp, env(), "down", "--all", "--quiet");
    }

    /** The priced test cloud, its catalog: r-0 (never any capacity) at $0.70/h a node, r-1 at $0.90/h, r-2 at $1.40/h. */
    private Map<String, String> env() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("catalog/priced"));
        Files.writeString(dir.resolve("vms.csv"), "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,"
                + "SpotPrice,Region\nsmall.1,,,1,1,0.70,,r-0\nsmall.1,,,1,1,0.90,,r-1\nsmall.1,,,1,1,1.40,,r-2\n");
        return Map.of(PricedProvider.ENABLE, "1", "SKYRUN_CATALOG_DIR", tmp.resolve("catalog").toString());
    }

    @Test
    void aRecoveredRunsReportShowsEveryAttemptAcrossPlacementsInABrowser() throws Exception {
        Map<String, String> env = env();
        Path spec = Files.writeString(tmp.resolve("recover.yaml"), "name: " + name + "\nresources:\n  cpus: 1\n"
                + "run: echo \"attempt $SKYRUN_ATTEMPT\"; if [ $SKYRUN_ATTEMPT = 2 ]; then sleep 120; fi; sleep 2; echo done\n"
                + "image: " + Docker.busybox() + "\n");
        var launch = CompletableFuture.supplyAsync(() -> {
            try {
                return CliProcess.run(tmp, env, "launch", spec.toString(), "--cloud", "priced");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String container = LocalJobs.awaitAttempt(name, 2, Duration.ofSeconds(90));
        Thread.sleep(3000); // some billed time on r-1 before the preemption
        assertThat(Docker.docker("kill", container).code()).isZero();
        CliProcess.Result launched = launch.get(120, TimeUnit.SECONDS);
        assertThat(launched.exit()).as(launched.toString()).isZero();
        JsonNode status = new ObjectMapper().readTree(CliProcess.run(tmp, env, "status", name, "-o", "json").out());
        assertThat(status.get("attempts")).extracting(a -> a.get("placement").asText())
                .containsExactly("priced/r-0", "priced/r-1", "priced/r-2");
        assertThat(status.at("/cost/total_usd").asDouble()).isPositive();

        Path html = tmp.resolve("report.html");
        CliProcess.Result report = CliProcess.run(tmp, env, "report", name, "--out", html.toString());
        assertThat(report.exit()).as(report.toString()).isZero();
        assertSelfContained(Files.readString(html));

        String dom = Chromium.dom(html);
        assertThat(count(dom, "<g class=\"attempt\"")).as("one bar per attempt").isEqualTo(3);
        assertThat(dom).contains("data-status=\"INFRA_FAILED\"", "data-status=\"PREEMPTED\"", "data-status=\"SUCCEEDED\"",
                "<polyline class=\"spent\"", "region priced/r-0 blocked");
        assertThat(count(dom, "<g class=\"blocked\"")).as("the blocked region is marked").isEqualTo(1);
        Path shot = Chromium.screenshot(html, SHOTS.resolve("recovered-run.png"), 1200, 900);
        if (Boolean.getBoolean("skyrun.report.update")) {
            Files.copy(shot, Path.of("../../docs/report.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aPipelineReleasesReportShowsItsStageGraphGatesAndArtifactsInABrowser() throws Exception {
        FederatedWorkTree tree = FederatedWorkTree.create(tmp, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        try {
            CliRun run = CliRun.of("launch", "-o", "json", tree.file(SPEC).toString());
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode manifest = ManifestChecks.parse(run.out());
            String release = tree.release() + "@" + manifest.at("/release/version").asText();
            Path html = tmp.resolve("release.html");

            CliRun report = CliRun.of("report", release, "--out", html.toString());

            assertThat(report.exit()).as(report.err()).isZero();
            assertSelfContained(Files.readString(html));
            String dom = Chromium.dom(html);
            assertThat(count(dom, "<g class=\"stage ")).isEqualTo(manifest.at("/stages").size());
            assertThat(count(dom, "<path class=\"edge\"")).as("distill needs two stages").isEqualTo(2);
            int attempts = 0;
            for (JsonNode s : manifest.at("/stages")) {
                attempts += s.at("/cost/attempts").asInt();
            }
            assertThat(count(dom, "<g class=\"attempt\"")).as("one bar per attempt of every stage").isEqualTo(attempts);
            for (JsonNode a : manifest.at("/artifacts")) {
                assertThat(dom).contains(a.at("/sha256").asText());
            }
            for (JsonNode g : manifest.at("/gates")) {
                assertThat(dom).contains(">" + g.at("/verdict").asText() + "<");
            }
            Chromium.screenshot(html, SHOTS.resolve("pipeline-release.png"), 1200, 1400);
        } finally {
            Docker.docker("rmi", tree.imageTag());
        }
    }

    /** Nothing in it is fetched: no script, no link, no external source; the only URL is SVG's namespace. */
    private static void assertSelfContained(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "src=", "url(http", "@import");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
