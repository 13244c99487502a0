package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a process writing manifests, 20 times, each at a random moment: no manifest name ever
 * holds a partial file, and every write the child reported finished is there, intact.
 *
 * <p>On a loaded machine a fresh JVM may not finish one 4 MB write before a short random delay
 * runs out, so every other round first waits for the child to report a finished write and only
 * then sleeps the random delay and kills it; the other rounds kill it at a random moment after
 * start-up, often before its first write completes.
 */
class ManifestWriterKillIT {

    private static final int ROUNDS = 20;
    private static final long LINE_TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void killNineDuringWritesNeverLeavesAPartialManifest() throws Exception {
        Random random = new Random(42);
        List<String> reported = new ArrayList<>();
        int killedWhileWriting = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Writer child = Writer.start(dir, "r" + round);
            assertThat(child.nextLine()).isEqualTo("started");
            List<String> finished = new ArrayList<>();
            if (round % 2 == 0) {
                finished.add(child.nextLine());
            }
            Thread.sleep(50 + random.nextInt(700));
            finished.addAll(child.kill());
            for (String name : finished) {
                assertThat(dir.resolve(name)).as("reported finished before the kill").exists();
            }
            reported.addAll(finished);
            String prefix = ".r" + round + "-";
            killedWhileWriting += leftoverTemps().stream().anyMatch(t -> t.getFileName().toString().startsWith(prefix)) ? 1 : 0;
            checkEveryManifestIsCompleteThenRemove();
        }
        assertThat(reported).as("writes reported finished before the kills").hasSizeGreaterThanOrEqualTo(ROUNDS / 2);
        assertThat(killedWhileWriting).as("kills that landed while a manifest was being written").isPositive();
        System.out.printf("ManifestWriterKillIT: %d kills, %d while a temp file was open, %d writes finished%n",
                ROUNDS, killedWhileWriting, reported.size());
        ManifestWriter.writeOnce(dir.resolve("after.json"), "{}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(leftoverTemps()).as("stale temp files are swept by the next write").isEmpty();
        assertThat(dir.resolve("after.json")).hasContent("{}");
    }

    /** Checks every manifest name holds its whole content, then removes them to bound the disk used. */
    private void checkEveryManifestIsCompleteThenRemove() throws IOException {
        List<Path> manifests;
        try (Stream<Path> files = Files.list(dir)) {
            manifests = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        for (Path p : manifests) {
            String name = p.getFileName().toString();
            int n = Integer.parseInt(name.substring(name.indexOf('-') + 1, name.length() - ".json".length()));
            assertThat(Files.readAllBytes(p)).as(name).isEqualTo(CrashingWriterMain.bytes(n));
            Files.delete(p);
        }
    }

    private List<Path> leftoverTemps() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** A {@link CrashingWriterMain} child whose stdout lines are read as they come. */
    private record Writer(Process process, BlockingQueue<String> lines, Thread reader) {

        private static final String EOF = "\0eof";

        static Writer start(Path dir, String round) throws IOException {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"),
                    CrashingWriterMain.class.getName(), dir.toString(), round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    lines.add(EOF);
                }
            });
            return new Writer(p, lines, reader);
        }

        /** The next line the child printed, waiting for it. */
        String nextLine() throws InterruptedException {
            String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(line).as("a line from the writer within %d s", LINE_TIMEOUT_SECONDS).isNotNull().isNotEqualTo(EOF);
            return line;
        }

        /** SIGKILLs the child; returns the names it reported finished and not yet read. */
        List<String> kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Unix
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
            reader.join(TimeUnit.SECONDS.toMillis(30));
            List<String> rest = new ArrayList<>();
            lines.drainTo(rest);
            rest.remove(EOF);
            return rest;
        }
    }
}
