package dev.skyrun.cloud;

import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The mounts of a VM job that only the runner's machine has, relayed through the cloud's own
 * store: the directories the runner staged (a store of another cloud copied here, a local path,
 * the run's checkpoint directory) are uploaded under the cluster's status prefix
 * ({@code BUCKET/skyrun/RUN/CLUSTER/mounts/N}) before the job starts, so the node's bootstrap
 * copies them in as it does its store's own mounts; what the job writes to a writable one comes
 * back to the runner's directory (the checkpoint every interval while the job runs, everything
 * once the job ended), so the next attempt, on any cloud, starts from it.
 *
 * <p>Store mounts of the cloud's own scheme stay as they are (the nodes read them with their own
 * identity); a single local file is not a directory a bootstrap can copy in, and stays as it is.
 */
public final class MountRelay {

    /** A writable relayed mount: the runner's directory and its copy in the store. */
    private record Pull(Path local, ObjectStore remote, boolean checkpoint) {}

    private final String cloud;
    private final String scheme;
    private final Supplier<ObjectStore> store;
    private final Duration checkpointEvery;
    private final Map<String, List<Pull>> pulls = new ConcurrentHashMap<>();
    private final Map<String, Long> nextCheckpoint = new ConcurrentHashMap<>();

    /**
     * @param cloud the plug-in's name, for messages
     * @param scheme the scheme of the store the nodes reach ({@code s3}, {@code gs}, {@code az})
     * @param store that store (keys {@code BUCKET/KEY}), opened when first needed
     * @param checkpointEvery how often a running job's checkpoint is brought back
     */
    /**
     * How often a job's checkpoint comes back to the runner: the cloud setting
     * {@code checkpoint_pull_s} (seconds, default 30), read through the plug-in's {@code number(key, fallback)}.
     */
    public static Duration checkpointPull(java.util.function.ToLongBiFunction<String, Long> number) {
        return Duration.ofSeconds(number.applyAsLong("checkpoint_pull_s", 30L));
    }

    public MountRelay(String cloud, String scheme, Supplier<ObjectStore> store, Duration checkpointEvery) {
        this.cloud = cloud;
        this.scheme = scheme;
        this.store = store;
        this.checkpointEvery = checkpointEvery;
    }

    /** The job with its local directory mounts uploaded under {@code keys}' prefix and named by their store URI. */
    public JobSpec relay(String clusterName, StatusKeys keys, JobSpec job) {
        List<JobSpec.Mount> mounts = new ArrayList<>();
        List<Pull> writable = new ArrayList<>();
        int n = 0;
        for (JobSpec.Mount m : job.mounts()) {
            Path local = m.source().contains("://") ? null : Path.of(m.source());
            if (local == null || !Files.isDirectory(local)) {
                mounts.add(m);
                continue;
            }
            StoreUri at = new StoreUri(scheme, keys.bucket(), keys.prefix() + "/mounts/" + n++);
            ObjectStore remote = Stores.open(at, (s, u) -> Optional.of(store.get()));
            try {
                StoreCopy.uploadWithoutDigestList(local, remote); // the job rewrites the files: no digest list to hold them to
            } catch (IOException e) {
                throw new CloudException(cloud + ": cannot copy " + m.target() + " for cluster " + clusterName
                        + " to " + at + ": " + e.getMessage(), e);
            }
            mounts.add(new JobSpec.Mount(m.target(), at.toString(), m.readOnly()));
            if (!m.readOnly()) {
                writable.add(new Pull(local, remote, m.target().equals(job.checkpointDir())));
            }
        }
        if (!writable.isEmpty()) {
            pulls.put(clusterName, List.copyOf(writable));
            nextCheckpoint.put(clusterName, System.nanoTime() + checkpointEvery.toNanos());
        }
        return job.withMounts(mounts);
    }

    /**
     * Brings a cluster's writable relayed mounts back to the runner's directories: the checkpoint
     * when its interval has passed, everything (once) when {@code state} says the job ended. A copy
     * that fails is tried again at the next look while the job runs; the nodes keep theirs.
     */
    public synchronized void pull(String clusterName, NodeState state) {
        List<Pull> list = pulls.get(clusterName);
        if (list == null) {
            return;
        }
        boolean ended = state.ended();
        if (!ended && System.nanoTime() < nextCheckpoint.getOrDefault(clusterName, Long.MAX_VALUE)) {
            return;
        }
        nextCheckpoint.put(clusterName, System.nanoTime() + checkpointEvery.toNanos());
        for (Pull p : list) {
            if (ended || p.checkpoint()) {
                try {
                    StoreCopy.download(p.remote(), p.local());
                } catch (IOException | CloudException e) {
                    // the next look tries again while the job runs
                }
            }
        }
        if (ended) {
            pulls.remove(clusterName);
            nextCheckpoint.remove(clusterName);
        }
    }
}
