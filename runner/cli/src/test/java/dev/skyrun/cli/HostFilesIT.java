package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile spec on the real Docker engine, through the CLI: no host file outside the run's
 * directory is read through an output (a symbolic link the job made) or a local file mount
 * (a path, or a link, out of the spec's directory) unless the user names it on the command line.
 */
class HostFilesIT {

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();
    private final String canary = "host-only-" + UUID.randomUUID();

    @AfterEach
    void down() {
        runs.forEach(r -> CliRun.of("down", "-q", r));
        runs.forEach(r -> assertThat(Docker.orphans(r)).as("left by " + r).isEmpty());
    }

    @Test
    void anOutputThatIsALinkToAHostFileFailsTheStageAndNothingOfTheFileIsStored() throws IOException {
        Path hostFile = Files.writeString(tmp.resolve("host-secret.txt"), canary);
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        String stage = "leak" + Long.toString(System.nanoTime() % 100_000);
        String release = ReleasePipelines.uniqueRelease("leak");
        String pipeline = TaskFiles.uniqueName("pipe");
        Path spec = Files.writeString(repo.resolve("pipeline.yaml"), """
                kind: pipeline
                name: %s
                stages:
                  - name: %s
                    task:
                      resources: {cloud: local}
                      image: %s
                      run: |
                        mkdir -p /outputs
                        ln -s %s /outputs/adapter
                        echo '{"acc": 1}' > /outputs/metrics.json
                      outputs:
                        adapter: /outputs/adapter
                      metrics: /outputs/metrics.json
                release: {name: %s, version: 1.0.0}
                """.formatted(pipeline, stage, Docker.busybox(), hostFile, release));

        CliRun launch = CliRun.of("launch", spec.toString());
        remember(stage);

        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(launch.out() + launch.err()).contains("symbolic link").contains("adapter -> " + hostFile)
                .contains("never follows a link").doesNotContain(canary);
        assertThat(TaskFiles.filesContaining(Path.of(System.getenv("SKYRUN_HOME")), canary)).isEmpty();
        Path home = Path.of(System.getenv("SKYRUN_HOME"));
        ownerOnly(home.resolve("releases"));
        try (Stream<Path> all = Files.walk(home.resolve("releases").resolve(release))) {
            assertThat(all.toList()).as("release manifests").hasSizeGreaterThan(1).allSatisfy(HostFilesIT::ownerOnly);
        }
        try (Stream<Path> all = Files.walk(home.resolve("runs"))) {
            assertThat(all.filter(p -> p.toString().contains("/" + pipeline + "-") && p.toString().contains("/store"))
                    .toList()).as("this pipeline's artifact store")
                    .isNotEmpty().allSatisfy(HostFilesIT::ownerOnly);
        }
    }

    private static void ownerOnly(Path p) {
        try {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS))).as(p.toString()).endsWith("------");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLocalMountOutsideTheSpecsDirectoryIsRefusedUnlessTheCommandLineAllowsIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), canary);
        Path specDir = Files.createDirectories(tmp.resolve("repo"));
        Files.createSymbolicLink(specDir.resolve("innocent"), outside);
        String name = TaskFiles.uniqueName("mount");
        for (String source : List.of(outside.toString(), "../outside", "innocent", "/etc", "file://" + outside)) {
            Path spec = TaskFiles.write(specDir, name, "file_mounts:\n  /data: " + source + "\n", "cat /data/secret.txt");

            CliRun launch = CliRun.of("launch", spec.toString());

            assertThat(launch.exit()).as(source + ": " + launch.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(launch.err()).contains("file mount /data").contains("outside the spec's directory")
                    .contains("--allow-host-path");
            assertThat(launch.out()).doesNotContain(canary);
        }
        assertThat(CliRun.of("status", name).exit()).as("nothing ran").isEqualTo(ExitCode.BAD_INPUT);

        Path spec = TaskFiles.write(specDir, name, "file_mounts:\n  /data: innocent\n", "cat /data/secret.txt");
        CliRun allowed = CliRun.of("launch", spec.toString(), "--allow-host-path", outside.toString());
        remember(name);
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        String id = runs.stream().filter(r -> r.startsWith(name + "-")).findFirst().orElseThrow();
        // what the job read, as `skyrun logs` shows it (the live stream of a job that prints no final newline
        // has been seen to miss its line; that is not what this test is about)
        assertThat(CliRun.of("logs", id).out()).contains(canary);
    }

    /** Remembers every run whose id starts with {@code name-}, for clean-up. */
    private void remember(String name) {
        CliRun r = CliRun.of("status", "-o", "json");
        for (var run : TaskFiles.status(r.out()).get("runs")) {
            if (run.get("id").asText().startsWith(name + "-")) {
                runs.add(run.get("id").asText());
            }
        }
    }
}
