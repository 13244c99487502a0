package dev.skyrun.cli;

import dev.skyrun.state.TestStates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the CLI in-process and keeps what it printed. The command lines read this JVM's
 * environment (its {@code SKYRUN_HOME} under target/) and, when the suite runs on PostgreSQL
 * ({@link TestStates}: the build's {@code postgresql-state} execution), {@code SKYRUN_STATE}
 * naming one database of the test server that every command line of the suite shares, as a
 * team's commands share theirs.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        return in(Suite.ENV, args);
    }

    /** Runs {@code skyrun ARGS} reading {@code env} as its environment. */
    static CliRun in(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The environment of this suite run's command lines, made on first use. */
    private static final class Suite {
        static final Map<String, String> ENV = env();

        private static Map<String, String> env() {
            Map<String, String> env = new HashMap<>(System.getenv());
            try {
                env.putAll(TestStates.current().env(Path.of(System.getenv("SKYRUN_HOME"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.copyOf(env);
        }
    }
}
