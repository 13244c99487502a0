package dev.skyrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;

/** Task specs for the CLI's launch tests, written as YAML files on the local test image, and reading runs back. */
final class TaskFiles {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TaskFiles() {}

    /** A run name no other test (or earlier build) uses: {@code prefix-<pid><n>}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + SEQ.incrementAndGet() + "-" + System.nanoTime() % 10_000;
    }

    /** A short task name: {@code PREFIX-} and four random hex digits (1000 to fffe). */
    static String randomName(String prefix) {
        return prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    /**
     * Writes {@code dir/NAME.yaml}: task NAME on {@code cloud: local} with the busybox test image,
     * {@code extra} top-level YAML, and {@code run} as a block scalar.
     */
    static Path write(Path dir, String name, String extra, String run) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nresources: {cloud: local}\nimage: " + Docker.busybox()
                + "\n" + extra + "run: |\n");
        run.lines().forEach(l -> yaml.append("  ").append(l).append('\n'));
        try {
            return Files.writeString(dir.resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run as {@code status -o json} shows it. */
    static JsonNode status(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** The files under {@code dir} (links not followed) holding {@code text}. */
    static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        found.add(f);
                        break;
                    }
                }
            }
        }
        return found;
    }
}
