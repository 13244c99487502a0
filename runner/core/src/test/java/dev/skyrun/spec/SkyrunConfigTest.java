package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.schema.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The precedence of skyrun's configuration layers: user file < project file < spec's config: <
 * environment < command line, each key resolved on its own; and what a repository's layers may
 * not set.
 */
class SkyrunConfigTest {

    @TempDir
    Path dir;

    Path home;
    Path repo;
    Path work;

    @BeforeEach
    void layout() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        work = Files.createDirectories(repo.resolve("specs/team"));
    }

    /**
     * Each row sets {@code aws.region} in the layers marked 1 (with the layer's name as its value)
     * and expects the value of the last of them.
     */
    @ParameterizedTest(name = "user={0} project={1} spec={2} env={3} cli={4} -> {5}")
    @CsvSource({
        "1,0,0,0,0,user",
        "0,1,0,0,0,project",
        "0,0,1,0,0,spec",
        "0,0,0,1,0,env",
        "0,0,0,0,1,cli",
        "1,1,0,0,0,project",
        "1,1,1,0,0,spec",
        "1,1,1,1,0,env",
        "1,1,1,1,1,cli",
        "1,0,1,0,0,spec",
        "0,1,0,1,0,env",
        "1,0,0,0,1,cli",
    })
    void theLastLayerThatSetsAKeyWins(int user, int project, int spec, int env, int cli, String expected) throws Exception {
        if (user == 1) {
            Files.writeString(home.resolve("config.yaml"), "aws:\n  region: user\n");
        }
        if (project == 1) {
            Files.writeString(repo.resolve(".skyrun.yaml"), "aws:\n  region: project\n");
        }
        Path specFile = Files.writeString(work.resolve("task.yaml"), "name: t\nrun: echo\n"
                + (spec == 1 ? "config:\n  aws:\n    region: spec\n" : ""));
        Map<String, String> environment = env == 1 ? Map.of("SKYRUN_AWS_REGION", "env") : Map.of();
        Map<String, String> commandLine = cli == 1 ? Map.of("aws.region", "cli") : Map.of();

        SkyrunConfig config = SkyrunConfig.resolve(home, work, environment, Optional.of(specFile), commandLine);

        assertThat(config.value("aws.region")).map(ConfigValue::value).contains(expected);
        assertThat(config.environment(Map.of())).containsEntry("SKYRUN_AWS_REGION", expected);
    }

    @Test
    void eachKeyComesFromItsOwnLastLayerAndSaysWhereFromToTheColumn() throws Exception {
        Files.writeString(home.resolve("config.yaml"), "aws:\n  region: us-east-1\n  bucket: acme-runs\ngcp:\n  project: acme\n");
        Files.writeString(repo.resolve(".skyrun.yaml"), "# the team's settings\naws:\n  region: us-west-2\ncatalog: catalogs/v8\n");
        Path specFile = Files.writeString(work.resolve("task.yaml"),
                "name: t\nrun: echo\nconfig:\n  gcp:\n    project: team-project\n  kubernetes:\n    pod_config: {}\n");

        SkyrunConfig config = SkyrunConfig.resolve(home, work, Map.of("SKYRUN_LAMBDA_SSH_USER", "ubuntu", "HOME", "/x"),
                Optional.of(specFile), Map.of());

        assertThat(config.values().values()).extracting(v -> v.key() + "=" + v.value() + " " + v.layer() + " " + v.origin())
                .containsExactly(
                        "aws.bucket=acme-runs USER " + home.resolve("config.yaml") + ":3:11",
                        "aws.region=us-west-2 PROJECT " + repo.resolve(".skyrun.yaml") + ":3:11",
                        "catalog=" + repo.resolve("catalogs/v8") + " PROJECT " + repo.resolve(".skyrun.yaml") + ":4:10",
                        "gcp.project=team-project SPEC " + specFile + ":5:14",
                        "lambda.ssh_user=ubuntu ENVIRONMENT SKYRUN_LAMBDA_SSH_USER");
        assertThat(config.environment(Map.of())).containsEntry("SKYRUN_CATALOG_DIR", repo.resolve("catalogs/v8").toString())
                .containsEntry("SKYRUN_GCP_PROJECT", "team-project").containsEntry("SKYRUN_AWS_BUCKET", "acme-runs");
    }

    @Test
    void theProjectFileIsSearchedOnlyUpToTheGitRoot() throws Exception {
        Files.writeString(dir.resolve(".skyrun.yaml"), "aws:\n  region: outside\n");
        assertThat(SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()).values()).isEmpty();
    }

    @Test
    void aRepositoryLayerMayNotRedirectCredentialsOrWriteFilesElsewhere() throws Exception {
        Path project = Files.writeString(repo.resolve(".skyrun.yaml"), "aws:\n  region: us-west-2\n  s3_endpoint: http://evil.example\n");
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(project + ":3:3: 'aws.s3_endpoint' may not be set in a project's .skyrun.yaml")
                .hasMessageContaining("SKYRUN_AWS_S3_ENDPOINT");

        Files.delete(project);
        Path spec = Files.writeString(work.resolve("task.yaml"), "name: t\nrun: echo\nconfig:\n  lambda:\n    api_key: x\n");
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.of(spec), Map.of()))
                .hasMessageContaining(spec + ":5:5: 'lambda.api_key' may not be set in a spec's config:");

        Files.writeString(home.resolve("config.yaml"), "aws:\n  s3_endpoint: http://127.0.0.1:9000\n");
        assertThat(SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()).value("aws.s3_endpoint"))
                .map(ConfigValue::value).contains("http://127.0.0.1:9000");
    }

    @Test
    void azuresSharedKeyAndTrustAnchorAreTheUsersAloneAndTheKeyIsShownMasked() throws Exception {
        Path project = Files.writeString(repo.resolve(".skyrun.yaml"), "azure:\n  container: runs\n  ca_bundle: evil.pem\n");
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(project + ":3:3: 'azure.ca_bundle' may not be set in a project's .skyrun.yaml");
        Files.writeString(project, "azure:\n  storage_connection_string: AccountKey=x\n");
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()))
                .hasMessageContaining("'azure.storage_connection_string' may not be set");

        Files.delete(project);
        Files.writeString(home.resolve("config.yaml"), "azure:\n  subscription_id: sub-1\n  storage_connection_string: AccountKey=x\n");
        SkyrunConfig config = SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of());
        assertThat(config.value("azure.subscription_id")).map(ConfigValue::value).contains("sub-1");
        assertThat(config.value("azure.storage_connection_string")).hasValueSatisfying(v -> assertThat(v.secret()).isTrue());
    }

    @Test
    void aMistakeInTheUsersFileIsNamedAtItsLineAndColumnWithTheKeysThereAre() throws Exception {
        Path user = Files.writeString(home.resolve("config.yaml"), "aws:\n  regoin: us-east-1\nnebius: {}\n");
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(user + ":2:3:").hasMessageContaining("regoin")
                .hasMessageContaining(user + ":3:1:").hasMessageContaining("nebius");
    }

    @Test
    void anUnknownCommandLineKeyIsRefused() {
        assertThatThrownBy(() -> SkyrunConfig.resolve(home, work, Map.of(), Optional.empty(), Map.of("nebius.region", "x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--config nebius.region: no such setting");
    }
}
