package dev.skyrun.lambda.fake;

import dev.skyrun.cloud.Labels;
import dev.skyrun.testkit.Player;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the fake's instances as their VMs would: once an instance is active and its cluster's
 * job script is in the instances' status directory (put there over SSH), it reports a heartbeat
 * and its {@link Job} runs, once per instance, on a daemon thread until that thread is interrupted.
 */
public final class LambdaPlayer {

    /** What a test's VM does once its job is there. */
    @FunctionalInterface
    public interface Job {
        /**
         * @param instance the instance
         * @param cluster the cluster's status directory ({@code VMROOT/skyrun/skyrun/RUN/CLUSTER})
         * @param nth how many instances have had their job so far, this one included
         */
        void run(LambdaFake.Inst instance, Path cluster, int nth) throws Exception;
    }

    private LambdaPlayer() {}

    /** A job that exits 0 after writing {@code log} as node 0's output. */
    public static Job succeeding(String log) {
        return (i, cluster, nth) -> {
            put(cluster.resolve("node-0/log"), log);
            put(cluster.resolve("node-0/exit_code"), "0");
        };
    }

    /** Starts playing the instances of {@code testbed}. */
    public static Thread start(LambdaTestbed testbed, Job job) {
        Set<String> handled = new HashSet<>();
        return Player.start(() -> {
            for (LambdaFake.Inst i : List.copyOf(testbed.api().instances().values())) {
                Path cluster = testbed.vmRoot().resolve("skyrun/skyrun").resolve(i.tags.getOrDefault(Labels.RUN, "-"))
                        .resolve(i.tags.getOrDefault(Labels.CLUSTER, "-"));
                if (handled.contains(i.id) || !i.status.equals("active") || !Files.isRegularFile(cluster.resolve("job.sh"))) {
                    continue;
                }
                handled.add(i.id);
                put(cluster.resolve("node-0/heartbeat"), Long.toString(Instant.now().getEpochSecond()));
                job.run(i, cluster, handled.size());
            }
        });
    }

    /** Writes {@code text} at {@code file}, as a node's bootstrap does (whole, then renamed into place). */
    public static void put(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, text);
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
