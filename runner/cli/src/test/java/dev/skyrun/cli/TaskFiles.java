package dev.skyrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Task specs for the CLI's launch tests, written as YAML files on the local test image, and reading runs back. */
final class TaskFiles {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TaskFiles() {}

    /** A run name no other test (or earlier build) uses: {@code prefix-<pid><n>}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + SEQ.incrementAndGet() + "-" + System.nanoTime() % 10_000;
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
}
