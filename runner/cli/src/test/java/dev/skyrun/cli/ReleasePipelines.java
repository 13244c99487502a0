package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Small released pipelines for the release tests (watch, held gates, keep warm): written into a
 * directory, launched through the CLI on the local engine with the busybox test image, and read
 * back through {@code skyrun releases -o json}.
 */
final class ReleasePipelines {

    private ReleasePipelines() {}

    /**
     * Writes {@code dir/pipeline.yaml}: stages {@code STAGE-a} then {@code STAGE-b} (which needs the first), each
     * writing a model and {@code metrics}, released as {@code release@version}, with {@code extra} top-level YAML.
     */
    static Path write(Path dir, String stage, String release, String version, String metrics, String extra)
            throws IOException {
        StringBuilder yaml = new StringBuilder("kind: pipeline\nname: " + release + "\nstages:\n");
        for (String s : List.of(stage + "-a", stage + "-b")) {
            yaml.append("""
                      - name: %s
                        needs: %s
                        task:
                          resources: {cloud: local}
                          image: %s
                          run: |
                            mkdir -p /outputs/model
                            echo '%s %s' > /outputs/model/weights.bin
                            echo '%s' > /outputs/metrics.json
                          outputs: {model: /outputs/model}
                          metrics: /outputs/metrics.json
                    """.formatted(s, s.endsWith("-a") ? "[]" : "[" + stage + "-a]", Docker.busybox(), s, version,
                    metrics));
        }
        yaml.append("release: {name: ").append(release).append(", version: ").append(version)
                .append(", keep_stable: 2}\n").append(extra);
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("pipeline.yaml"), yaml);
    }

    /** A release name of one test: {@code PREFIX-} and the nanosecond clock. */
    static String uniqueRelease(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** A short stage name of one test: {@code PREFIX} and the last six digits of the nanosecond clock. */
    static String uniqueStage(String prefix) {
        return prefix + System.nanoTime() % 1_000_000;
    }

    /** Launches a pipeline file; asserts the exit code; returns the printed manifest. */
    static JsonNode launch(Path spec, int exit, String verdict) {
        CliRun run = CliRun.of("launch", "-o", "json", spec.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        JsonNode m = TaskFiles.status(run.out());
        assertThat(m.at("/verdict").asText()).as(run.err()).isEqualTo(verdict);
        return m;
    }

    /** {@code skyrun releases NAME -o json}, newest first. */
    static List<JsonNode> releases(String name) {
        CliRun r = CliRun.of("releases", name, "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return StreamSupport.stream(TaskFiles.status(r.out()).spliterator(), false).toList();
    }

    /** One release of {@link #releases}. */
    static JsonNode release(String name, String version) {
        return releases(name).stream().filter(r -> r.path("release").asText().equals(name + "@" + version))
                .findFirst().orElseThrow(() -> new AssertionError("no release " + name + "@" + version));
    }

    /** Asserts that no run of a stage whose name starts with {@code stage} left a container or network. */
    static void assertNothingLeft(String stage) {
        List<String> left = new ArrayList<>();
        for (JsonNode run : TaskFiles.status(CliRun.of("status", "-o", "json").out()).path("runs")) {
            if (run.path("id").asText().startsWith(stage)) {
                left.addAll(Docker.orphans(run.path("id").asText()));
            }
        }
        assertThat(left).as("containers and networks left by " + stage + "*").isEmpty();
    }
}
