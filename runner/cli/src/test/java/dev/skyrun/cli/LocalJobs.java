package dev.skyrun.cli;

import dev.skyrun.testkit.Docker;
import java.time.Duration;
import java.util.List;

/** The job containers a launch on the local engine starts, as the recovery tests wait for them. */
final class LocalJobs {

    private LocalJobs() {}

    /**
     * Waits until node 0 of attempt {@code attempt} of a run of the task {@code name} (its container
     * {@code RUN-ATTEMPT-0}) printed {@code attempt N}, the first line of the tests' recovering job;
     * returns its container's name.
     */
    static String awaitAttempt(String name, int attempt, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> names = Docker.docker("ps", "--filter", "name=^/" + name + "-", "--format", "{{.Names}}")
                    .output().lines().filter(n -> n.endsWith("-" + attempt + "-0")).toList();
            if (!names.isEmpty() && Docker.docker("logs", names.get(0)).output().contains("attempt " + attempt)) {
                return names.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("attempt " + attempt + " of " + name + " never printed its first line");
    }
}
