package dev.skyrun.cli;

import dev.skyrun.cloud.Secrets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller of a detached launch ({@code launch -d}): once the job has started, the launch
 * starts {@code skyrun resume RUN --quiet} as a background process in its own session (so the
 * terminal's Ctrl-C and hang-up do not reach it), which adopts the running attempt, follows it
 * and recovers it as an attached launch would. The secret values reach it only through its
 * environment, as they reached the launch; nothing is written. Its own output is discarded:
 * what it does is in the run's events ({@code skyrun logs RUN --events}).
 */
final class DetachedController {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private DetachedController() {}

    /** Starts the background controller of {@code runId}; returns its pid. */
    static long start(String runId, Secrets secrets) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        for (String p : List.of("org.sqlite.lib.path", "org.sqlite.lib.name")) { // bin/skyrun's unpacked sqlite library
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "resume", runId, "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(secrets.reveal());
        return pb.start().pid();
    }
}
