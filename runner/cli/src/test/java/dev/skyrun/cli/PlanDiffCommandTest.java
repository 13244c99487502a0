package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skyrun plan FILE --diff REF} against a temporary git repository, on the bundled catalog. */
class PlanDiffCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden/review/plan-diff.md");
    static final String A100_SPOT = """
            name: trainer
            resources:
              accelerators: A100:1
              use_spot: true
            run: python train.py
            """;
    /** What a task with gates declares: the metrics its gates read. */
    static final String METRICS = "metrics: {path: /outputs/metrics.json, names: [eval_accuracy, p95_ms]}\n";
    static final String H100_ON_DEMAND = """
            name: trainer
            resources:
              accelerators: H100:1
              use_spot: false
            run: python train.py
            """;

    @TempDir
    Path tmp;

    GitRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = GitRepo.init(tmp.resolve("repo"));
    }

    @Test
    void a100SpotToH100OnDemandShowsTheNewFirstPlacementAndThePriceDelta() throws Exception {
        Path task = twoCommits("specs/task.yaml", A100_SPOT, H100_ON_DEMAND);
        CliRun run = CliRun.of("plan", task.toString(), "--diff", "HEAD~1", "--catalog", "bundled", "-o", "json");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CHANGED);
        JsonNode t = JSON.readTree(run.out()).get("tasks").get(0);
        assertThat(t.get("status").asText()).isEqualTo("CHANGED");

        // what plan itself says of each version, read independently
        JsonNode before = firstPlacement(A100_SPOT);
        JsonNode after = firstPlacement(H100_ON_DEMAND);
        assertThat(after.get("accelerators").asText()).isEqualTo("H100:1");
        assertThat(after.get("spot").asBoolean()).isFalse();
        String newFirst = after.get("cloud").asText() + "/" + after.get("region").asText();
        JsonNode first = change(t, "first choice");
        assertThat(first.get("before").asText()).contains("A100:1").contains(" spot ");
        assertThat(first.get("after").asText()).startsWith(newFirst).contains(after.get("instance_type").asText())
                .contains("H100:1").doesNotContain(" spot");
        double delta = after.get("price_per_hour").asDouble() - before.get("price_per_hour").asDouble();
        assertThat(change(t, "$/h").get("note").asText()).startsWith(String.format(Locale.ROOT, "%+.4f", delta));
        assertThat(t.get("gained")).isNotEmpty();
        assertThat(t.get("lost")).isNotEmpty();

        CliRun text = CliRun.of("plan", task.toString(), "--diff", "HEAD~1", "--catalog", "bundled");
        assertThat(text.out()).contains("task trainer: changed").containsPattern("(?m)^  first choice +.*A100:1.* -> .*H100:1")
                .contains("placements gained (").contains("no gate loosened");
    }

    @Test
    void aLoosenedGateThresholdIsFlaggedAndATightenedOneIsNot() throws Exception {
        String gated = A100_SPOT + METRICS + "gates:\n  - {name: quality, metric: eval_accuracy, min: 0.82}\n"
                + "  - {name: latency, metric: p95_ms, max: 250}\n";
        Path task = twoCommits("task.yaml", gated, gated.replace("min: 0.82", "min: 0.75").replace("max: 250", "max: 200"));
        CliRun run = CliRun.of("plan", task.toString(), "--diff", "HEAD~1", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(ExitCode.CHANGED);
        assertThat(run.out()).containsPattern("(?m)^  gate quality +eval_accuracy >= 0.82 -> eval_accuracy >= 0.75 +LOOSENED: min 0.82 -> 0.75$")
                .containsPattern("(?m)^  gate latency +p95_ms <= 250 -> p95_ms <= 200$")
                .contains("LOOSENED gates: trainer: gate quality: loosened: min 0.82 -> 0.75");
        JsonNode json = JSON.readTree(CliRun.of("plan", task.toString(), "--diff", "HEAD~1", "--catalog", "bundled", "-o", "json").out());
        assertThat(json.get("loosened").asBoolean()).isTrue();
        assertThat(change(json.get("tasks").get(0), "gate latency").get("loosened").asBoolean()).isFalse();
    }

    @Test
    void anUnchangedSpecExitsZeroWithNoChange() throws Exception {
        Path task = repo.write("task.yaml", A100_SPOT);
        repo.commit("one");
        repo.write("task.yaml", "# a comment only\n" + A100_SPOT);
        CliRun run = CliRun.of("plan", task.toString(), "--diff", "HEAD", "--catalog", "bundled");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("no change");
    }

    @Test
    void anAddedPipelineStageShowsWithItsNeeds() throws Exception {
        String pipeline = """
                kind: pipeline
                name: flow
                stages:
                  - name: train
                    task: {resources: {accelerators: L4:1}, run: train}
                """;
        String more = pipeline + """
                  - name: eval
                    needs: [train]
                    task: {resources: {cpus: 4}, run: eval}
                """;
        Path p = twoCommits("flow.yaml", pipeline, more);
        CliRun run = CliRun.of("plan", p.toString(), "--diff", "HEAD~1", "--catalog", "bundled");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CHANGED);
        assertThat(run.out()).contains("task train: unchanged").contains("task eval: added")
                .containsPattern("(?m)^  needs +\\(none\\) -> train$");
    }

    @Test
    void aSpecNewAtTheRevisionIsAllAddedAndAFileCanBeTheOldSide() throws Exception {
        repo.write("README.md", "x\n");
        repo.commit("one");
        Path task = repo.write("task.yaml", H100_ON_DEMAND);
        CliRun run = CliRun.of("plan", task.toString(), "--diff", "HEAD", "--catalog", "bundled");
        assertThat(run.exit()).isEqualTo(ExitCode.CHANGED);
        assertThat(run.out()).contains("task trainer: added");

        Path old = repo.write("old.yaml", H100_ON_DEMAND);
        CliRun same = CliRun.of("plan", task.toString(), "--diff", old.toString(), "--catalog", "bundled");
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("no change");
    }

    @Test
    void badRevisionsAndSymlinksAtTheRevisionAreBadInput() throws Exception {
        Path task = twoCommits("task.yaml", A100_SPOT, H100_ON_DEMAND);
        CliRun none = CliRun.of("plan", task.toString(), "--diff", "no-such-branch", "--catalog", "bundled");
        assertThat(none.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("'no-such-branch' names no commit");
        CliRun option = CliRun.of("plan", task.toString(), "--diff=--output=/tmp/x", "--catalog", "bundled");
        assertThat(option.exit()).isEqualTo(ExitCode.BAD_INPUT);

        // a stage file that is a link at the revision is not followed out of the repository
        Path outside = tmp.resolve("outside.yaml");
        Files.writeString(outside, "resources: {cpus: 2}\nrun: cat /etc/passwd\n");
        Files.createSymbolicLink(repo.dir().resolve("stage.yaml"), outside);
        repo.write("flow.yaml", "kind: pipeline\nname: flow\nstages:\n  - {name: s, task: stage.yaml}\n");
        repo.commit("link");
        Files.delete(repo.dir().resolve("stage.yaml"));
        repo.write("stage.yaml", "resources: {cpus: 2}\nrun: echo inside\n"); // now, a regular file
        CliRun linked = CliRun.of("plan", task.toString(), "--diff", "HEAD", "--catalog", "bundled");
        assertThat(linked.exit()).as(linked.err()).isZero();
        CliRun flow = CliRun.of("plan", repo.dir().resolve("flow.yaml").toString(), "--diff", "HEAD", "--catalog", "bundled");
        assertThat(flow.exit()).as(flow.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(flow.err()).contains("HEAD:flow.yaml:4:21: stage 's': task file 'stage.yaml' does not exist").doesNotContain("cat /etc/passwd");
    }

    @Test
    void markdownMatchesItsGoldenFile() throws Exception {
        String gated = A100_SPOT + METRICS + "gates:\n  - {name: quality, metric: eval_accuracy, min: 0.82}\n";
        String changed = H100_ON_DEMAND + METRICS + "secrets: {HF_TOKEN: null}\ngates:\n  - {name: quality, metric: eval_accuracy, min: 0.8}\n";
        Path task = twoCommits("specs/task.yaml", gated, changed);
        CliRun run = CliRun.of("plan", task.toString(), "--diff", "HEAD~1", "--catalog", "bundled", "-o", "markdown");
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CHANGED);
        String actual = run.out().replace(repo.dir().toString(), "REPO")
                .replaceAll("catalog bundled-.*? \\(sha256 `[0-9a-f]+`\\)", "catalog CATALOG");
        if (Boolean.getBoolean("skyrun.golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    private Path twoCommits(String path, String first, String second) throws IOException, InterruptedException {
        repo.write(path, first);
        repo.commit("first");
        Path p = repo.write(path, second);
        repo.commit("second");
        return p;
    }

    private JsonNode firstPlacement(String spec) throws IOException {
        Path f = Files.writeString(tmp.resolve("alone-" + System.nanoTime() + ".yaml"), spec);
        CliRun run = CliRun.of("plan", f.toString(), "--catalog", "bundled", "-o", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out()).get("tasks").get(0).get("placements").get(0);
    }

    private static JsonNode change(JsonNode task, String what) {
        for (JsonNode c : task.get("changes")) {
            if (c.get("what").asText().equals(what)) {
                return c;
            }
        }
        throw new AssertionError("no change '" + what + "' in " + task);
    }
}
