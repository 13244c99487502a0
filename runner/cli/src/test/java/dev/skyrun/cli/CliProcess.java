package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a child JVM with exactly the environment a test gives (plus PATH and a private
 * HOME and SKYRUN_HOME under {@code dir}): for commands whose plug-ins read credentials and
 * endpoints from the environment, so the test's own machine leaks nothing in.
 */
final class CliProcess {

    /** What the child printed and its exit code. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliProcess() {}

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(dir, env, java(args)).finish(Duration.ofMinutes(3));
    }

    /** The command line of {@code skyrun ARGS} in a child JVM of this JDK and class path. */
    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The id of the one run the skyrun home of {@code dir} holds, as {@code skyrun status -o json} lists it; fails unless there is exactly one. */
    static String onlyRunId(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        JsonNode runs = new ObjectMapper().readTree(run(dir, env, "status", "-o", "json").out()).path("runs");
        assertThat(runs).hasSize(1);
        return runs.get(0).path("id").asText();
    }

    /** A started CLI process whose output goes to files in its directory. */
    record Running(Process process, Path outFile, Path errFile, List<String> command) {

        /** What it has printed on stdout so far. */
        String out() throws IOException {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        }

        /** What it has printed on stderr so far. */
        String err() throws IOException {
            return Files.readString(errFile, StandardCharsets.UTF_8);
        }

        /** Waits for it to end (killing it after {@code max}) and returns what it printed. */
        Result finish(Duration max) throws IOException, InterruptedException {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in " + max + "; stderr:\n" + err());
            }
            return new Result(process.exitValue(), out(), err());
        }
    }

    /** Starts {@code command} with the environment {@link #run} gives, without waiting for it. */
    static Running start(Path dir, Map<String, String> env, List<String> command) throws IOException {
        return start(dir, env, command, Path.of("").toAbsolutePath());
    }

    /** Starts {@code command} in directory {@code cwd}, as {@link #start(Path, Map, List)} does. */
    static Running start(Path dir, Map<String, String> env, List<String> command, Path cwd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("user-home")).toString());
        pb.environment().put("SKYRUN_HOME", dir.resolve("skyrun-home").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("NO_GCE_CHECK", "true");
        pb.environment().putAll(env);
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err, command);
    }
}
