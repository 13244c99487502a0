package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code skyrun validate}, run in-process through {@link Main#run}. */
class ValidateCommandTest {

    private static final Path REPO = Path.of("../..");
    private static final Path SPECS = Path.of("../core/src/test/resources/specs");

    /**
     * How long a hostile file may take to be refused in a warm CLI (the issue asks for well under a
     * second; bench/startup.sh prints the cold-process figures).
     */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(1);

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void warmUp() {
        run("validate", REPO.resolve("examples/quickstart.yaml").toString());
        run("validate", SPECS.resolve("invalid/misspelt-keys.yaml").toString());
    }

    static Result run(String... args) {
        CliRun r = CliRun.of(args);
        return new Result(r.exit(), r.out(), r.err());
    }

    @Test
    void theSkyPilotCompatibilityCorpusIsValidInOneCall() {
        Result r = run("validate", SPECS.resolve("skypilot").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("name-with-capitals.yaml  task Train_Llama.v2", "job-group.yaml  pipeline (2 stages)");
    }

    @Test
    void validateSaysWhichImageRunsPerAlternativeWhenTheyDiffer(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("one.yaml"), "resources:\n  image_id: docker:acme/trainer:2\nrun: train\n");
        Path alternatives = Files.writeString(dir.resolve("alternatives.yaml"), """
                resources:
                  image_id: docker:acme/base:1
                  any_of:
                    - {infra: aws, image_id: docker:acme/aws:2}
                    - {infra: gcp, image_id: null}
                    - {infra: gcp/europe-west4}
                run: train
                """);

        Result r = run("validate", one.toString(), alternatives.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(one + "  task one  image acme/trainer:2");
        assertThat(r.out()).contains(alternatives + "  task alternatives  image any_of #1 acme/aws:2; any_of #2 default (gcp "
                + "ubuntu:22.04); any_of #3 acme/base:1");
    }

    @Test
    void aPortThatIsNotOneIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("ports.yaml"), "resources:\n  ports: [8080, '9000-80', 70000]\nrun: serve\n");

        Result r = run("validate", spec.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(spec + ":2:17: port '9000-80' is not a port (1-65535) or a range FROM-TO",
                spec + ":2:28: port '70000' is not a port (1-65535) or a range FROM-TO");
    }

    @Test
    void anEnvLeftEmptyNeedsEnvAsLaunchDoes(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("serve.yaml"), "envs:\n  MODEL: llama\n  HF_TOKEN:\nrun: serve\n");
        Result refused = run("validate", spec.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(spec + ":3:3: environment variable 'HF_TOKEN' has no value"
                + " (give it a value here or pass --env HF_TOKEN=VALUE; a secret belongs under secrets:)");
        Result given = run("validate", "--env", "HF_TOKEN=x", spec.toString());
        assertThat(given.code()).isZero();
    }

    @Test
    void budgetCapsAreCheckedAtTheirLineAndOnlyInTheTopResourcesBlock(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.yaml"), "resources:\n  max_total_cost: 25\n  max_duration: 6h\nrun: x\n");
        assertThat(run("validate", ok.toString()).code()).isZero();
        Path seconds = Files.writeString(dir.resolve("seconds.yaml"), "resources:\n  max_duration: 5400\nrun: x\n");
        assertThat(run("validate", seconds.toString()).code()).isZero();

        Path badDuration = Files.writeString(dir.resolve("dur.yaml"), "resources:\n  max_duration: six hours\nrun: x\n");
        Result r = run("validate", badDuration.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(badDuration + ":2:17: ");
        Path negative = Files.writeString(dir.resolve("neg.yaml"), "resources:\n  max_total_cost: -3\nrun: x\n");
        Result n = run("validate", negative.toString());
        assertThat(n.code()).isEqualTo(2);
        assertThat(n.err()).contains(negative + ":2:19: ");
        Path nested = Files.writeString(dir.resolve("nested.yaml"),
                "resources:\n  any_of:\n    - cloud: aws\n      max_total_cost: 5\nrun: x\n");
        Result a = run("validate", nested.toString());
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).contains(nested + ":4:");
    }

    @Test
    void theExamplesAndTheTeamSpecsAreValid() throws IOException {
        String[] files;
        try (var s = Files.list(REPO.resolve("examples"))) {
            files = s.map(Path::toString).filter(f -> f.endsWith(".yaml")).toArray(String[]::new);
        }
        Result r = run(concat(files, REPO.resolve("specs").toString()));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("quickstart.yaml  task quickstart", "federated.yaml  pipeline (3 stages) federated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostile/billion-laughs.yaml", "hostile/deep-nesting.yaml", "hostile/javax-tag.yaml",
        "hostile/custom-tag.yaml", "invalid/latin1.yaml", "invalid/empty.yaml", "invalid/top-level-list.yaml",
        "invalid/duplicate-keys.yaml", "invalid/unclosed-quote.yaml", "invalid/bad-indent.yaml"})
    void hostileAndBrokenFilesAreRefusedWithExit2AndNoStackTrace(String file) {
        Result r = assertTimeoutPreemptively(REFUSAL_BOUND, () -> run("validate", SPECS.resolve(file).toString()));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith(SPECS.resolve(file).toString()).contains("1 of 1 file invalid")
                .doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTwentyMegabyteFileIsRefusedWithExit2(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = ("k: " + "v".repeat(1020) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(chunk);
            }
        }
        Result r = assertTimeoutPreemptively(REFUSAL_BOUND, () -> run("validate", big.toString()));
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("big.yaml: the file is 20.0 MB, larger than the 3.0 MB a spec may be");
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnce() {
        Result r = run("validate", SPECS.resolve("invalid/misspelt-keys.yaml").toString(),
                SPECS.resolve("invalid/unknown-accelerator.yaml").toString(), SPECS.resolve("valid/pipeline.yaml").toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(
                "misspelt-keys.yaml:2:1: unknown key 'num_node' (did you mean 'num_nodes'?)",
                "misspelt-keys.yaml:5:3: unknown key 'use_spots' in resources (did you mean 'use_spot'?)",
                "unknown-accelerator.yaml:3:17: unknown accelerator 'A100-80G' (did you mean 'A100-80GB'",
                "2 of 3 files invalid, 4 problems");
        assertThat(r.out()).contains("valid/pipeline.yaml");
    }

    @Test
    void jsonOutputCarriesFileLineColumnAndHint() throws IOException {
        Result r = run("validate", "-o", "json", SPECS.resolve("invalid/misspelt-keys.yaml").toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        JsonNode first = json.get("results").get(0).get("problems").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.get("column").asInt()).isEqualTo(1);
        assertThat(first.get("message").asText()).isEqualTo("unknown key 'num_node'");
        assertThat(first.get("hint").asText()).isEqualTo("did you mean 'num_nodes'?");
    }

    @Test
    void quietPrintsNothingForValidFiles() {
        Result r = run("validate", "--quiet", REPO.resolve("examples/quickstart.yaml").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void directoriesAndQuotedGlobsAreExpanded() {
        Result dir = run("validate", SPECS.resolve("valid").toString());
        assertThat(dir.out()).contains("pipeline.yaml", "skypilot-task.yaml", "stages/prep.yaml".replace('/', java.io.File.separatorChar));
        assertThat(dir.code()).isZero();
        Result glob = run("validate", SPECS.resolve("valid") + "/*.yaml");
        assertThat(glob.out()).contains("pipeline.yaml", "skypilot-task.yaml").doesNotContain("prep.yaml");
        Result none = run("validate", SPECS.resolve("valid") + "/*.nothing");
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("no spec files match");
    }

    @Test
    void helpShowsExamplesForTheCommandAndAtTheTop() {
        assertThat(run("validate", "--help").out()).contains("Examples:", "skyrun validate examples/quickstart.yaml",
                "-o, --output", "-q, --quiet", "--debug");
        Result top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("validate", "Examples:", "skyrun validate examples/*.yaml");
    }

    @Test
    void aMissingFileIsBadInputNotACrash() {
        Result r = run("validate", "no/such/file.yaml");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no/such/file.yaml: no such file (check the path)");
    }

    private static String[] concat(String[] files, String more) {
        String[] all = new String[files.length + 2];
        all[0] = "validate";
        System.arraycopy(files, 0, all, 1, files.length);
        all[all.length - 1] = more;
        return all;
    }
}
