package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.testkit.Docker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that prints its secret (as is, base64 and URL-encoded) on the real Docker engine: the
 * canary appears in no output of launch, logs, status or events, and in no file under the home,
 * though {@code skyrun logs} runs in a later command that never saw the value.
 */
class SecretMaskingIT {

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();

    @AfterEach
    void down() {
        runs.forEach(r -> CliRun.of("down", "-q", r));
        runs.forEach(r -> assertThat(Docker.orphans(r)).as("left by " + r).isEmpty());
    }

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
        String id = TaskFiles.status(status.out()).get("id").asText();
        runs.add(id);
        CliRun logs = CliRun.of("logs", id);
        CliRun events = CliRun.of("logs", "--events", "-o", "json", id);

        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(launch.out()).contains("raw: ****").contains("done");
        assertThat(logs.out()).contains("raw: ****").contains("stderr: ****").contains("done");
        for (String form : forms) {
            for (CliRun r : List.of(launch, status, logs, events, CliRun.of("status", id))) {
                assertThat(r.out() + r.err()).as(form).doesNotContain(form);
            }
            assertThat(HostFilesIT.filesContaining(Path.of(System.getenv("SKYRUN_HOME")), form)).as(form).isEmpty();
        }
    }
}
