package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.catalog.SharedCatalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skyrun plan}, run in-process on the bundled catalog (and once as a process on the shared one). */
class PlanCommandTest {
    private static final Path REPO = Path.of("../..");
    private static final String TWO_L4 = "src/test/resources/plan/two-nodes-l4.yaml";

    @Test
    void textListsTheFirstTenPlacementsWithPricesTheCatalogAndTheFilters() {
        CliRun run = CliRun.of("plan", REPO.resolve("examples/gated-training.yaml").toString(), "--catalog", "bundled");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        String sha = CatalogLoader.bundled(Selection.ALL).info().sha256();
        assertThat(run.out()).startsWith("catalog: bundled-").contains("(sha256:" + sha.substring(0, 12) + ")");
        assertThat(run.out()).contains("task classifier: 1 node, asks L4:1, spot");
        // bundled gcp/vms.csv: g2-standard-4 spot 0.04404 + L4:1 spot 0.22402 = 0.26806 in us-central1-a.
        assertThat(run.out()).containsPattern(
                "(?m)^ +1 +gcp/us-central1/us-central1-a +g2-standard-4 +L4:1 +spot +0\\.2681 +0\\.2681 +L4:1, spot$");
        assertThat(run.out().lines().filter(l -> l.matches(" +\\d+ .*"))).hasSize(10);
        assertThat(run.out()).containsPattern("\\.\\.\\. \\d+ more \\(\\d+ feasible placements; --all lists every one\\)");
        assertThat(run.out()).contains("accelerators L4:1: removed ");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void textNamesTheImageEveryPlacementRunsOnce() {
        CliRun run = CliRun.of("plan", REPO.resolve("examples/gated-training.yaml").toString(), "--catalog", "bundled");
        assertThat(run.out()).contains("\n  image: ghcr.io/acme/trainer:2.3 (every placement above)\n");
    }

    @Test
    void placementsOfAlternativesWithTheirOwnImagesShowEachImage(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("images.yaml"), """
                name: images
                resources:
                  cpus: 4+
                  any_of:
                    - {infra: aws/us-east-1, image_id: docker:acme/aws:2}
                    - {infra: gcp/us-central1, image_id: null}
                run: train
                """);

        CliRun text = CliRun.of("plan", spec.toString(), "--catalog", "bundled", "--all");
        CliRun markdown = CliRun.of("plan", spec.toString(), "--catalog", "bundled", "-o", "markdown");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("(?m)^ +#  INFRA .* WHY +IMAGE$")
                .containsPattern("(?m)^ +\\d+ +aws/us-east-1 .* acme/aws:2$")
                .containsPattern("(?m)^ +\\d+ +gcp/us-central1/\\S+ .* ubuntu:22\\.04$")
                .doesNotContain("  image: ");
        assertThat(markdown.exit()).isZero();
        assertThat(markdown.out()).contains("| why | image |").contains("`acme/aws:2` |").contains("`ubuntu:22.04` |");
    }

    @Test
    void theSameSpecGivesByteIdenticalText() {
        String file = REPO.resolve("specs/federated.yaml").toString();
        CliRun first = CliRun.of("plan", file, "--catalog", "bundled", "--all");
        CliRun second = CliRun.of("plan", file, "--catalog", "bundled", "--all");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
    }

    @Test
    void allListsEveryFeasiblePlacementAndNodesMultiplyTheTotal() throws IOException {
        JsonNode json = new ObjectMapper().readTree(CliRun.of("plan", TWO_L4, "--catalog", "bundled", "--all", "-o", "json").out());
        JsonNode task = json.get("tasks").get(0);
        assertThat(task.get("nodes").asInt()).isEqualTo(2);
        assertThat(task.get("placements")).hasSize(task.get("feasible").asInt());
        JsonNode best = task.get("placements").get(0);
        assertThat(best.get("price_per_node").asDouble()).isEqualTo(0.26806);
        assertThat(best.get("price_per_hour").asDouble()).isEqualTo(0.53612);
        for (JsonNode p : task.get("placements")) {
            assertThat(p.get("cloud").asText()).isEqualTo("gcp");
            assertThat(p.get("spot").asBoolean()).isTrue();
        }
        assertThat(json.get("catalog_sha256").asText()).hasSize(64);
    }

    @Test
    void aPipelineIsPlannedStageByStage() {
        CliRun run = CliRun.of("plan", REPO.resolve("specs/federated.yaml").toString(), "--catalog", "bundled");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("task "))).hasSize(3);
    }

    @Test
    void cloudFlagKeepsOnlyThatCloud() throws IOException {
        CliRun run = CliRun.of("plan", REPO.resolve("examples/chain.yaml").toString(), "--catalog", "bundled",
                "--cloud", "aws", "--all", "-o", "json");
        assertThat(run.exit()).isZero();
        JsonNode tasks = new ObjectMapper().readTree(run.out()).get("tasks");
        for (JsonNode task : tasks) {
            assertThat(task.get("placements")).isNotEmpty();
            task.get("placements").forEach(p -> assertThat(p.get("cloud").asText()).isEqualTo("aws"));
        }
    }

    @Test
    void anUnknownCloudIsExit2WithTheCatalogsClouds() {
        CliRun run = CliRun.of("plan", REPO.resolve("examples/chain.yaml").toString(), "--catalog", "bundled",
                "--cloud", "gpc");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--cloud gpc: not a cloud of the catalog; use one of aws, azure, gcp, lambda")
                .contains("(did you mean gcp?)");
    }

    @Test
    void anAcceleratorTheChosenCloudLacksIsExit2NamingTheCloud() {
        // bundled azure/vms.csv has A10 but no A10G (which the chain's train stage asks for).
        CliRun run = CliRun.of("plan", REPO.resolve("examples/chain.yaml").toString(), "--catalog", "bundled",
                "--cloud", "azure");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("A10G is not offered on azure").contains("skyrun show-gpus A10G");
    }

    @Test
    void infeasibleRequestIsExit2WithTheCountsOffered() {
        CliRun run = CliRun.of("plan", "src/test/resources/plan/h100-16.yaml", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("src/test/resources/plan/h100-16.yaml")
                .contains("H100:16 is not offered; H100 comes in").doesNotContain("Exception");
    }

    @Test
    void anInfeasibleStageIsNamed() {
        CliRun run = CliRun.of("plan", "src/test/resources/plan/pipeline-infeasible-stage.yaml", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("stage 'train': H100:16 is not offered; H100 comes in");
    }

    @Test
    void aCappedTaskShowsTheWorstCaseUnderItsCapsAndAnUncappedOneNoBudget() throws IOException {
        JsonNode all = new ObjectMapper().readTree(CliRun.of("plan", TWO_L4, "--catalog", "bundled", "--all", "-o", "json")
                .out()).at("/tasks/0");
        double dearest = 0;
        for (JsonNode p : all.get("placements")) {
            dearest = Math.max(dearest, p.get("price_per_hour").asDouble());
        }
        assertThat(all.has("budget")).isFalse();

        CliRun json = CliRun.of("plan", "src/test/resources/plan/two-nodes-l4-capped.yaml", "--catalog", "bundled", "-o",
                "json");
        JsonNode budget = new ObjectMapper().readTree(json.out()).at("/tasks/0/budget");
        assertThat(budget.get("max_total_cost").asDouble()).isEqualTo(25.0);
        assertThat(budget.get("max_duration_seconds").asLong()).isEqualTo(6 * 3600);
        assertThat(budget.get("worst_case_usd").asDouble()).isEqualTo(Math.min(25.0, Math.round(dearest * 6 * 1e6) / 1e6));
        CliRun text = CliRun.of("plan", "src/test/resources/plan/two-nodes-l4-capped.yaml", "--catalog", "bundled");
        assertThat(text.out()).contains("  budget: max_total_cost $25.00, max_duration 21600 s; worst case $");
    }

    @Test
    void anInvalidSpecIsExit2AtItsLine() {
        CliRun run = CliRun.of("plan", "../core/src/test/resources/specs/invalid/misspelt-keys.yaml", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).containsPattern("misspelt-keys\\.yaml:\\d+:\\d+: ");
    }

    @Test
    void helpHasExamples() {
        assertThat(CliRun.of("plan", "--help").out()).contains("Examples:", "skyrun plan examples/gpu-task.yaml");
    }

    /** A real process, so the environment variable is really read: the shared catalog, chosen by SKYRUN_CATALOG_DIR. */
    @Test
    void catalogDirectoryComesFromTheEnvironment(@TempDir Path home) throws Exception {
        Path shared = SharedCatalogs.require();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "plan", TWO_L4, "-o", "json");
        pb.environment().put(CatalogLoader.ENV, shared.toString());
        pb.environment().put("SKYRUN_HOME", home.toString());
        pb.redirectError(home.resolve("err.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(home.resolve("err.txt"))).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("catalog").asText()).startsWith("skypilot-v8 ").endsWith(" from " + shared);
        JsonNode best = json.get("tasks").get(0).get("placements").get(0);
        assertThat(best.get("cloud").asText()).isEqualTo("gcp");
        assertThat(best.get("instance_type").asText()).isEqualTo("g2-standard-4");
    }
}
