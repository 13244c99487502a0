package dev.skyrun.run;

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
 *
 * @param skyrun the command line that starts skyrun's command-line interface (the CLI knows how
 *     it was started); {@code resume RUN --quiet} is added to it
 */
public record DetachedController(List<String> skyrun) {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public DetachedController {
        skyrun = List.copyOf(skyrun);
    }

    /** Starts the background controller of {@code runId}; returns its pid. */
    public long start(String runId, Secrets secrets) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(skyrun);
        cmd.addAll(List.of("resume", runId, "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(secrets.reveal());
        return pb.start().pid();
    }
}
