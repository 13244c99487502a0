package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun launch} in process ({@code Main.run}) on the real Docker engine, with the
 * SKYRUN_HOME failsafe gives the CLI's integration tests: job output, exit codes, envs and
 * secrets as the user sees them through launch, logs and status.
 */
class LaunchCommandIT {

    /** A value a shell would mangle in every way it can. */
    static final String NASTY = "it's \"quoted\" $(echo injected) `id` ${HOME}\nsecond line\n\ttabbed \\ end";

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();

    @AfterEach
    void down() {
        runs.forEach(r -> CliRun.of("down", "-q", r));
        runs.forEach(r -> assertThat(Docker.orphans(r)).as("left by " + r).isEmpty());
    }

    @Test
    void jobOutputArrivesThroughLaunchAndLogsAndSuccessExitsZero() {
        String name = TaskFiles.uniqueName("hello");
        Path spec = TaskFiles.write(tmp, name, "", "echo \"hello from $SKYRUN_RUN_ID\"\necho to-stderr >&2");

        CliRun launch = CliRun.of("launch", spec.toString());

        JsonNode run = status(name);
        assertThat(launch.exit()).as(launch.err()).isZero();
        assertThat(launch.out()).isEqualTo("hello from " + run.get("id").asText() + "\n");
        assertThat(launch.err()).contains("to-stderr").contains("run succeeded");
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("exit_code").asInt()).isZero();
        CliRun logs = CliRun.of("logs", run.get("id").asText());
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).contains("hello from " + run.get("id").asText()).contains("to-stderr");
    }

    @Test
    void aFinishedRunsContainerIsRemovedOnceItsOutputIsKeptMaskedAndKeepKeepsIt() throws IOException {
        String name = TaskFiles.uniqueName("tidy");
        String secret = "tidy-" + System.nanoTime();
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  TOKEN: null\n",
                "echo line-one\necho \"token=$TOKEN\"\necho err-line >&2\nexit 3");

        CliRun launch = CliRun.of("launch", spec.toString(), "--secret", "TOKEN=" + secret);

        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.RUN_FAILED);
        String id = status(name).get("id").asText();
        runs.add(id);
        assertThat(Docker.containersLabelled("skyrun-run", id)).as("a finished run leaves no container").isEmpty();
        CliRun logs = CliRun.of("logs", id);
        assertThat(logs.exit()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("line-one", "err-line", "token=****").doesNotContain(secret);
        assertThat(TaskFiles.filesContaining(Path.of(System.getenv("SKYRUN_HOME")), secret)).isEmpty();

        String keptName = TaskFiles.uniqueName("kept");
        CliRun kept = CliRun.of("launch", TaskFiles.write(tmp, keptName, "", "echo kept-line").toString(), "--keep");
        assertThat(kept.exit()).as(kept.err()).isZero();
        String keptId = status(keptName).get("id").asText();
        runs.add(keptId);
        assertThat(Docker.containersLabelled("skyrun-run", keptId)).as("--keep keeps it").hasSize(1);
        assertThat(CliRun.of("logs", keptId).out()).contains("kept-line");
    }

    @Test
    void aFailingJobExitsOneAndStatusKeepsItsCode() {
        String name = TaskFiles.uniqueName("fails");
        Path spec = TaskFiles.write(tmp, name, "", "echo before\nexit 7");

        CliRun launch = CliRun.of("launch", spec.toString());

        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(launch.out()).isEqualTo("before\n");
        JsonNode run = status(name);
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("exit_code").asInt()).isEqualTo(7);
    }

    @Test
    void envsAndSecretsReachTheJobByteForByteAndTheSecretIsWrittenNowhere() throws IOException {
        String name = TaskFiles.uniqueName("secret");
        String secret = "s3cr3t-" + System.nanoTime() + "-" + NASTY;
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  API_TOKEN: null\n",
                "printf '%s' \"$API_TOKEN\" | hexdump -v -e '/1 \"%02x\"'; echo\n"
                        + "printf '%s' \"$GREETING\" | hexdump -v -e '/1 \"%02x\"'; echo");

        CliRun launch = CliRun.of("launch", spec.toString(), "--secret", "API_TOKEN=" + secret, "--env", "GREETING=" + NASTY);

        assertThat(launch.exit()).as(launch.err()).isZero();
        assertThat(launch.out().lines()).containsExactly(hex(secret), hex(NASTY));
        String id = status(name).get("id").asText();
        String marker = secret.substring(0, secret.indexOf('-', 7)); // s3cr3t-<nanos>: in no other text
        assertThat(launch.out() + launch.err()).doesNotContain(marker);
        assertThat(CliRun.of("status", "-o", "json", id).out()).doesNotContain(marker);
        assertThat(CliRun.of("logs", "--events", "-o", "json", id).out()).doesNotContain(marker);
        assertThat(CliRun.of("logs", id).out()).doesNotContain(marker);
        assertThat(TaskFiles.filesContaining(Path.of(System.getenv("SKYRUN_HOME")), marker)).isEmpty();
    }

    /**
     * A job that prints its secret (as is, base64 and URL-encoded): the canary appears in no output
     * of launch, logs, status or events, and in no file under the home, though {@code skyrun logs}
     * runs in a later command that never saw the value.
     */
    @Test
    void aSecretTheJobPrintsIsMaskedInEveryFormAndEveryOutput() throws Exception {
        String name = TaskFiles.uniqueName("mask");
        String secret = "canary-" + System.nanoTime() + "-a/b+c=d e";
        List<String> forms = List.of(secret,
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(secret, StandardCharsets.UTF_8));
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  HF_TOKEN: null\n", """
                echo "raw: $HF_TOKEN"
                echo "stderr: $HF_TOKEN" >&2
                printf '%s' "$HF_TOKEN" | base64
                echo "$HF_TOKEN" | base64
                printf '%s' "$HF_TOKEN" | sed -e 's|/|%2F|g' -e 's|+|%2B|g' -e 's|=|%3D|g' -e 's| |+|g'; echo
                echo done
                exit 3""");

        CliRun launch = CliRun.of("launch", spec.toString(), "--secret", "HF_TOKEN=" + secret);
        CliRun status = CliRun.of("status", "-o", "json", name);
        String id = status(name).get("id").asText();
        CliRun logs = CliRun.of("logs", id);
        CliRun events = CliRun.of("logs", "--events", "-o", "json", id);

        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(launch.out()).contains("raw: ****").contains("done");
        assertThat(logs.out()).contains("raw: ****").contains("stderr: ****").contains("done");
        for (String form : forms) {
            for (CliRun r : List.of(launch, status, logs, events, CliRun.of("status", id))) {
                assertThat(r.out() + r.err()).as(form).doesNotContain(form);
            }
            assertThat(TaskFiles.filesContaining(Path.of(System.getenv("SKYRUN_HOME")), form)).as(form).isEmpty();
        }
    }

    @Test
    void aSecretWithoutAValueIsBadInputAndNothingRuns() {
        String name = TaskFiles.uniqueName("novalue");
        Path spec = TaskFiles.write(tmp, name, "secrets:\n  SKYRUN_IT_UNSET_TOKEN: null\n", "echo never");

        CliRun launch = CliRun.of("launch", spec.toString());

        assertThat(launch.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(launch.err()).contains("SKYRUN_IT_UNSET_TOKEN").contains("--secret");
        assertThat(CliRun.of("status", name).exit()).isEqualTo(ExitCode.BAD_INPUT);
    }

    /** The newest run named {@code name}, as {@code status -o json} shows it; remembered for clean-up. */
    private JsonNode status(String name) {
        CliRun r = CliRun.of("status", "-o", "json", name);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode run = TaskFiles.status(r.out());
        runs.add(run.get("id").asText());
        return run;
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
