package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyrun.testkit.ProjectDirs;
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

/**
 * {@code bin/quickstart}, README's first command: it refuses, before building anything, what it
 * cannot set up (no Docker engine for a user who is not root; a bad argument), and {@code
 * --dry-run} shows the steps it would take on this machine.
 */
class QuickstartScriptTest {

    private static final Path SCRIPT = ProjectDirs.root().resolve("bin/quickstart");

    @TempDir
    Path tmp;

    @Test
    void aUserWhoIsNotRootWithoutADockerEngineIsToldWhatItNeedsAndNothingIsBuilt() throws Exception {
        assumeTrue(Files.exists(Path.of("/etc/debian_version")), "the Debian/Ubuntu refusal");
        Path fakeBin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = fakeBin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(fakeBin, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.add(SCRIPT.toString());

        Result r = run(cmd, Map.of("PATH", fakeBin + ":/usr/bin:/bin"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no Docker engine answers").contains("sudo " + ProjectDirs.root() + "/containers/docker-up.sh")
                .contains("docker group");
        assertThat(r.out()).as("it refused before any step").isEmpty();
    }

    @Test
    void anUnknownArgumentOrMoreThanOneIsAUsageErrorAndRunsNothing() throws Exception {
        for (List<String> args : List.of(List.of("--yes"), List.of("--dry-run", "--tests"), List.of("--tests", "--x"))) {
            List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
            cmd.addAll(args);
            Result r = run(cmd, Map.of("PATH", System.getenv("PATH")));

            assertThat(r.exit()).as(args + ": " + r).isEqualTo(2);
            assertThat(r.err()).startsWith("usage: bin/quickstart [--dry-run | --tests]");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void dryRunListsTheStepsWithTheJdkItPickedAndRunsNone() throws Exception {
        Result r = run(List.of(SCRIPT.toString(), "--dry-run"), Map.of("PATH", System.getenv("PATH")));

        assumeTrue(r.exit() == 0, "this machine can run the quickstart: " + r);
        List<String> steps = r.out().lines().toList();
        assertThat(steps.get(0)).isEqualTo("JAVA_HOME=" + System.getProperty("java.home"));
        assertThat(steps.subList(steps.size() - 3, steps.size())).containsExactly("./mvnw -q package -DskipTests",
                "containers/build-images.sh", "bin/skyrun launch examples/quickstart.yaml");
    }

    private record Result(int exit, String out, String err) {}

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/quickstart ended").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
