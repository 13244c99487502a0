package dev.skyrun.cli.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The agents of one home, as their files say: for {@code skyrun agent list} and {@code stop}. */
public final class AgentFiles {

    private AgentFiles() {}

    /**
     * One agent.
     *
     * @param id its context's id
     * @param pid its process (0 when its lock file says none)
     * @param started when it started
     * @param cwd the directory it serves
     * @param serving whether it is alive (it holds its lock)
     */
    public record Agent(String id, long pid, String started, String cwd, boolean serving) {}

    /** The agents whose files are in {@code agentsDir}, by id; dead ones too (their files are removed by {@link #stop}). */
    public static List<Agent> list(Path agentsDir) throws IOException {
        List<Agent> out = new ArrayList<>();
        if (!Files.isDirectory(agentsDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(agentsDir)) {
            for (Path lock : files.filter(f -> f.getFileName().toString().endsWith(".lock")).sorted().toList()) {
                String id = lock.getFileName().toString().replaceFirst("\\.lock$", "");
                String text = Files.readString(lock, StandardCharsets.UTF_8);
                out.add(new Agent(id, field(text, "pid").map(Long::parseLong).orElse(0L), field(text, "started").orElse(""),
                        field(text, "cwd").orElse(""), held(lock)));
            }
        }
        return out;
    }

    /**
     * Stops an agent as SIGTERM does (its running launches are interrupted as by Ctrl-C), waits
     * for it to exit, and removes its files. A dead agent's files are just removed.
     *
     * @return whether it had to be stopped (it was serving)
     */
    public static boolean stop(Path agentsDir, Agent agent, Duration wait) throws IOException {
        boolean serving = agent.serving();
        if (serving) {
            Optional<ProcessHandle> p = ProcessHandle.of(agent.pid());
            if (p.isPresent()) {
                p.get().destroy();
                try {
                    p.get().onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IOException("agent " + agent.id() + " (pid " + agent.pid() + ") did not stop within " + wait);
                }
            }
        }
        AgentAddress a = new AgentAddress(agentsDir, agent.id());
        Files.deleteIfExists(a.socket());
        Files.deleteIfExists(a.lock());
        Files.deleteIfExists(a.log());
        return serving;
    }

    /** Whether a live agent holds the lock file. */
    private static boolean held(Path lock) throws IOException {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this process is the agent
        }
    }

    private static Optional<String> field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Optional.of(line.substring(name.length() + 1).strip());
            }
        }
        return Optional.empty();
    }
}
