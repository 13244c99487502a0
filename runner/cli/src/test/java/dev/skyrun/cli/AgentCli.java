package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.ProjectDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** bin/skyrun as the agent tests run it: a private home under the test's directory, this JDK, and the agents it shows. */
final class AgentCli {

    private AgentCli() {}

    /** Runs {@code bin/skyrun ARGS} in {@code cwd} with the home under {@code tmp} and {@code extra} in its environment. */
    static CliProcess.Result run(Path tmp, Map<String, String> extra, Path cwd, String... args) throws IOException,
            InterruptedException {
        return CliProcess.start(tmp, env(extra), command(args), cwd).finish(Duration.ofMinutes(2));
    }

    /** The environment bin/skyrun gets beyond {@link CliProcess}'s: this JDK, and {@code extra}. */
    static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** The command line {@code bin/skyrun ARGS}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProjectDirs.root().resolve("bin/skyrun").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The serving agents of the home under {@code tmp}, as {@code agent list -o json} shows them. */
    static List<JsonNode> serving(Path tmp) throws IOException, InterruptedException {
        CliProcess.Result r = run(tmp, Map.of(), tmp, "agent", "list", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> out = new ArrayList<>();
        TaskFiles.status(r.out()).get("agents").forEach(a -> {
            if (a.get("serving").asBoolean()) {
                out.add(a);
            }
        });
        return out;
    }
}
