package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun config} in a child process with a home, a repository and an environment of its
 * own: every layer at once, each value shown with the layer and place that set it.
 */
class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void showsEachEffectiveValueWithTheLayerAndPlaceItCameFrom() throws Exception {
        Path home = Files.createDirectories(dir.resolve("skyrun-home"));
        Files.writeString(home.resolve("config.yaml"),
                "aws:\n  region: us-east-1\n  bucket: acme-runs\n  secret_access_key: abcdefgh\ngcp:\n  project: acme\nlambda:\n  ssh_user: admin\n");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".skyrun.yaml"), "aws:\n  region: us-west-2\ngcp:\n  project: team\n");
        Path spec = Files.writeString(repo.resolve("task.yaml"), "name: t\nrun: echo\nconfig:\n  gcp:\n    project: spec-project\n");

        CliProcess.Result r = CliProcess.start(dir, Map.of("SKYRUN_LAMBDA_SSH_USER", "ubuntu"), CliProcess.java("config", "task.yaml",
                "--config", "aws.bucket=cli-bucket", "-o", "json"), repo).finish(java.time.Duration.ofMinutes(2));

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).path("settings")) {
            rows.add(s.path("key").asText() + "=" + s.path("value").asText() + " " + s.path("layer").asText() + " " + s.path("origin").asText());
        }
        assertThat(rows).containsExactly(
                "aws.bucket=cli-bucket command_line --config aws.bucket",
                "aws.region=us-west-2 project " + repo.resolve(".skyrun.yaml") + ":2:11",
                "aws.secret_access_key=**** user " + home.resolve("config.yaml") + ":4:22",
                "gcp.project=spec-project spec task.yaml:5:14",
                "lambda.ssh_user=ubuntu environment SKYRUN_LAMBDA_SSH_USER");
        assertThat(r.out()).doesNotContain("abcdefgh");
    }

    @Test
    void aBadProjectFileIsExit2AtItsLineAndColumn() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".skyrun.yaml"), "gcp:\n  metadata_endpoint: http://evil.example\n");

        CliProcess.Result r = CliProcess.start(dir, Map.of(), CliProcess.java("status"), repo).finish(java.time.Duration.ofMinutes(2));

        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(repo.resolve(".skyrun.yaml") + ":2:3: 'gcp.metadata_endpoint' may not be set in a project's .skyrun.yaml");
    }

}
