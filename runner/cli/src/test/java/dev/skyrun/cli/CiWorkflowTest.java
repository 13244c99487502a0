package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The CI examples in {@code examples/ci/}: the GitHub workflows against a schema of GitHub's
 * workflow syntax, their fork-safety, and the review step (and GitLab's script) run for real
 * against a git repository with two commits, {@code skyrun} being this build's CLI.
 */
class CiWorkflowTest {
    private static final Path CI = Path.of("../../examples/ci");
    private static final Path PLAN = CI.resolve(".github/workflows/skyrun-plan.yml");
    private static final Path COMMENT = CI.resolve(".github/workflows/skyrun-comment.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theWorkflowsMatchGitHubsWorkflowSyntax() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(Files.readString(Path.of("src/test/resources/ci/github-workflow.schema.json"))));
        for (Path workflow : List.of(PLAN, COMMENT)) {
            assertThat(schema.validate(yaml(workflow))).as(workflow.toString()).isEmpty();
        }
        ObjectNode misspelt = (ObjectNode) yaml(PLAN);
        ((ObjectNode) misspelt.get("jobs").get("plan")).set("runs_on", misspelt.get("jobs").get("plan").get("runs-on"));
        ((ObjectNode) misspelt.get("jobs").get("plan")).remove("runs-on");
        assertThat(schema.validate(misspelt)).isNotEmpty();
    }

    @Test
    void thePullRequestWorkflowHasNoSecretsAndTheCommentWorkflowRunsNoPullRequestCode() throws IOException {
        JsonNode plan = yaml(PLAN);
        assertThat(plan.get("on").has("pull_request")).isTrue();
        assertThat(plan.get("on").has("pull_request_target")).isFalse();
        assertThat(Files.readString(PLAN)).doesNotContainPattern("\\$\\{\\{\\s*secrets\\.");
        assertThat(plan.get("permissions")).isEqualTo(JSON.readTree("{\"contents\": \"read\"}"));
        JsonNode checkout = plan.get("jobs").get("plan").get("steps").get(0);
        assertThat(checkout.get("uses").asText()).startsWith("actions/checkout@");
        assertThat(checkout.get("with").get("persist-credentials").asBoolean()).isFalse();
        assertThat(plan.get("on").get("pull_request").get("paths")).extracting(JsonNode::asText)
                .containsExactly("specs/**", "examples/**");

        JsonNode comment = yaml(COMMENT);
        for (JsonNode step : comment.get("jobs").get("comment").get("steps")) {
            assertThat(step.path("uses").asText()).doesNotStartWith("actions/checkout");
            assertThat(step.has("run")).isFalse();
        }
    }

    @Test
    void theReviewStepAndGitLabsScriptRunAgainstARepositoryWithTwoCommits() throws Exception {
        GitRepo repo = GitRepo.init(tmp.resolve("repo"));
        repo.write("examples/ci/skyrun-review.sh", Files.readString(CI.resolve("skyrun-review.sh")));
        repo.dir().resolve("examples/ci/skyrun-review.sh").toFile().setExecutable(true);
        String gated = PlanDiffCommandTest.A100_SPOT + PlanDiffCommandTest.METRICS + "gates:\n  - {name: quality, metric: eval_accuracy, min: 0.82}\n";
        repo.write("specs/task.yaml", gated);
        repo.write("specs/cpu.yaml", "resources: {cpus: 2}\nrun: echo hi\n");
        repo.commit("main");
        repo.git("update-ref", "refs/remotes/origin/main", "HEAD");
        repo.write("specs/task.yaml", PlanDiffCommandTest.H100_ON_DEMAND + PlanDiffCommandTest.METRICS + "gates:\n  - {name: quality, metric: eval_accuracy, min: 0.7}\n");
        repo.commit("pull request");
        String head = repo.git("rev-parse", "HEAD").strip();
        Path bin = shim();

        JsonNode step = step(yaml(PLAN), "review");
        Map<String, String> env = Map.of("BASE_REF", "main", "PR_NUMBER", "7",
                "SKYRUN_LINK_BASE", "https://github.com/acme/specs/blob/" + head + "/");
        assertThat(step.get("env").get("SKYRUN_LINK_BASE").asText()).contains("github.event.pull_request.head.sha");
        Run gh = bash(repo.dir(), bin, env, step.get("run").asText());
        assertThat(gh.exit()).as(gh.output() + read(repo.dir().resolve("skyrun-review/comment.md"))).isZero();
        assertThat(Files.readString(repo.dir().resolve("skyrun-review/pr-number")).strip()).isEqualTo("7");
        String md = Files.readString(repo.dir().resolve("skyrun-review/comment.md"));
        assertThat(md).contains("## skyrun review against `origin/main`", "**All 2 spec files are valid.**",
                "### skyrun plan --diff `specs/task.yaml`", "Compared with `origin/main:specs/task.yaml`",
                "> **Gate loosened**", "H100:1").doesNotContain("specs/cpu.yaml`");

        List<String> gitlab = new ArrayList<>();
        yaml(CI.resolve(".gitlab-ci.yml")).get("skyrun-review").get("script").forEach(l -> gitlab.add(l.asText()));
        List<String> runnable = gitlab.stream().filter(l -> l.startsWith("export ") || l.startsWith("examples/ci/")).toList();
        assertThat(runnable).hasSize(3);
        Run gl = bash(repo.dir(), bin, Map.of("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main", "CI_PROJECT_DIR",
                repo.dir().toString(), "CI_PROJECT_URL", "https://gitlab.com/acme/specs", "CI_COMMIT_SHA", head),
                String.join("\n", runnable));
        assertThat(gl.exit()).as(gl.output()).isZero();
        assertThat(Files.readString(repo.dir().resolve("skyrun-review.md"))).contains("### skyrun plan --diff `specs/task.yaml`");
    }

    @Test
    void anInvalidSpecFailsTheReviewWithALinkToItsLine() throws Exception {
        GitRepo repo = GitRepo.init(tmp.resolve("repo"));
        repo.write("examples/ci/skyrun-review.sh", Files.readString(CI.resolve("skyrun-review.sh")));
        repo.write("specs/task.yaml", "resources: {cpus: 2}\nrun: echo hi\n");
        repo.commit("main");
        repo.git("update-ref", "refs/remotes/origin/main", "HEAD");
        repo.write("specs/task.yaml", "resources: {cpus: 2, acelerators: A100:1}\nrun: echo hi\n");
        repo.commit("typo");
        Run run = bash(repo.dir(), shim(), Map.of("SKYRUN_LINK_BASE", "https://x.test/blob/abc"),
                "bash examples/ci/skyrun-review.sh origin/main > out.md");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(Files.readString(repo.dir().resolve("out.md")))
                .contains("[specs/task.yaml:1:").contains("](https://x.test/blob/abc/specs/task.yaml#L1)");
    }

    private record Run(int exit, String output) {}

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** A directory holding {@code skyrun}: this build's CLI in a child JVM. */
    private Path shim() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path skyrun = bin.resolve("skyrun");
        Files.writeString(skyrun, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(skyrun, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** Runs {@code script} as GitHub runs a {@code shell: bash} step, in {@code dir}, with only {@code env}, PATH and a private HOME. */
    private Run bash(Path dir, Path bin, Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        pb.environment().put("SKYRUN_HOME", tmp.resolve("skyrun-home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static JsonNode step(JsonNode workflow, String id) {
        for (JsonNode job : workflow.get("jobs")) {
            for (JsonNode s : job.get("steps")) {
                if (id.equals(s.path("id").asText())) {
                    return s;
                }
            }
        }
        throw new AssertionError("no step " + id);
    }

    private static JsonNode yaml(Path file) throws IOException {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        return JSON.valueToTree(tree);
    }
}
