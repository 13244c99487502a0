package dev.skyrun.run;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.state.SkyrunHome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An ended attempt's job output, kept in its run's directory ({@code runs/RUN/logs/attempt-N.log},
 * {@code 0600}) before its nodes are removed, with the run's secret values masked ({@link SecretMask}): what
 * {@code skyrun logs} shows once the nodes are gone. One line per job line:
 * {@code NODE<TAB>o|e<TAB>TEXT}.
 */
final class LogArchive {

    private LogArchive() {}

    /** The archive of one attempt (it may not exist). */
    static Path file(SkyrunHome home, String runId, int attempt) {
        return home.dir().resolve("runs").resolve(runId).resolve("logs").resolve("attempt-" + attempt + ".log");
    }

    /**
     * Reads every node's output of {@code cluster} from {@code cloud} into the attempt's archive.
     *
     * @throws CloudException when the cloud cannot give the output; nothing is kept then
     */
    static void save(SkyrunHome home, String runId, int attempt, Cloud cloud, Cluster cluster, SecretMask mask)
            throws IOException {
        Path file = file(home, runId, attempt);
        home.privateDir(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            SkyrunHome.privateFile(part);
            cloud.logs(cluster, LogQuery.all(), line -> {
                try {
                    w.write(line.node() + "\t" + (line.stderr() ? "e" : "o") + "\t"
                            + mask.mask(line.text()).replace('\n', ' ') + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Hands the archived lines of {@code query}'s nodes to {@code sink}; false when the attempt has no archive. */
    static boolean read(SkyrunHome home, String runId, int attempt, LogQuery query, Consumer<LogLine> sink)
            throws IOException {
        Path file = file(home, runId, attempt);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.map(LogArchive::parse).filter(l -> query.node().isEmpty() || query.node().getAsInt() == l.node())
                    .forEach(sink);
        }
        return true;
    }

    private static LogLine parse(String stored) {
        String[] parts = stored.split("\t", 3);
        return new LogLine(Integer.parseInt(parts[0]), parts[1].equals("e"), parts.length > 2 ? parts[2] : "");
    }
}
