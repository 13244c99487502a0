package dev.skyrun.aws.fake;

import dev.skyrun.cloud.Labels;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.Player;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the fake's instances as their VMs would: once an instance carries its rank tag and its
 * cluster's job script is in the state bucket, it reports a heartbeat and its {@link Job} runs,
 * once per instance, on a daemon thread until that thread is interrupted.
 */
public final class VmPlayer {

    /** What a test's VM does once its job is there. */
    @FunctionalInterface
    public interface Job {
        /**
         * @param instance the instance
         * @param prefix the cluster's status prefix in the state bucket ({@code skyrun-state/skyrun/RUN/CLUSTER/})
         * @param nth how many instances have had their job so far, this one included
         */
        void run(Ec2World.Inst instance, String prefix, int nth) throws Exception;
    }

    private VmPlayer() {}

    /** A job that exits 0 after writing {@code log} as node 0's output (nothing when empty). */
    public static Job succeeding(ObjectStore s3, String log) {
        return (i, prefix, nth) -> {
            if (!log.isEmpty()) {
                put(s3, prefix + "node-0/log", log);
            }
            put(s3, prefix + "node-0/exit_code", "0");
        };
    }

    /** Starts playing the instances of {@code aws}, whose state bucket is {@code s3}. */
    public static Thread start(AwsFake aws, ObjectStore s3, Job job) {
        Set<String> handled = new HashSet<>();
        return Player.start(() -> {
            for (Ec2World.Inst i : List.copyOf(aws.ec2().instances.values())) {
                String prefix = "skyrun-state/skyrun/" + i.tags.get(Labels.RUN) + "/" + i.tags.get(Labels.CLUSTER) + "/";
                if (handled.contains(i.id) || i.tags.get(Labels.NODE) == null || s3.list(prefix + "job.sh").isEmpty()) {
                    continue;
                }
                handled.add(i.id);
                put(s3, prefix + "node-0/heartbeat", Long.toString(Instant.now().getEpochSecond()));
                job.run(i, prefix, handled.size());
            }
        });
    }

    /** Writes {@code value} at {@code key}. */
    public static void put(ObjectStore s3, String key, String value) throws IOException {
        s3.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the text at {@code key}. */
    public static String read(ObjectStore s3, String key) throws IOException {
        try (InputStream in = s3.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
