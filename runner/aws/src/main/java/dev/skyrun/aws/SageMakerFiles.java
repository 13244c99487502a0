package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a SageMaker job's files do in S3, from the runner's side: before the job, the script, the
 * workdir and the local mounts go up (the checkpoint mount seeds the run's checkpoint prefix
 * while that is empty); after it, the writable local mounts and the checkpoints come back into
 * the runner's staging directories, from where the run uploads them to the task's stores.
 *
 * @param store the S3 store (keys {@code BUCKET/KEY})
 * @param keys the cluster's prefix
 * @param checkpointUri {@code s3://} prefix of the run's checkpoints
 */
record SageMakerFiles(ObjectStore store, StatusKeys keys, String checkpointUri) {

    /**
     * Uploads the script, the workdir and the non-empty local mounts; returns the indexes of the
     * mounts uploaded (each gets an input channel).
     */
    Set<Integer> upload(JobSpec job, String script, List<SageMakerMount> mounts) {
        Set<Integer> uploaded = new HashSet<>();
        try {
            store.put(keys.storeKey(keys.prefix() + "/job/job.sh"), script.getBytes(StandardCharsets.UTF_8));
            if (job.workdir().isPresent()) {
                put(Path.of(job.workdir().get()), at("s3://" + keys.storeKey(keys.prefix() + "/workdir")));
            }
            for (SageMakerMount m : mounts) {
                Path local = Path.of(m.mount().source());
                if (!m.local() || !hasFiles(local)) {
                    continue;
                }
                if (m.checkpoint()) {
                    if (at(checkpointUri).list("").isEmpty()) {
                        put(local, at(checkpointUri));
                    }
                } else {
                    put(local, at(m.inputUri(keys)));
                    uploaded.add(m.index());
                }
            }
        } catch (IOException e) {
            throw new CloudException("sagemaker: cannot upload the job's files to s3://" + keys.storeKey(keys.prefix()) + ": "
                    + e.getMessage(), e);
        }
        return uploaded;
    }

    /** Copies the writable local mounts and the checkpoints back into their staging directories. */
    void syncBack(List<SageMakerMount> mounts) {
        try {
            for (SageMakerMount m : mounts) {
                if (!m.local()) {
                    continue;
                }
                Optional<String> from = m.checkpoint() ? Optional.of(checkpointUri) : m.outputUri(keys);
                if (from.isPresent()) {
                    Path dir = Path.of(m.mount().source());
                    Files.createDirectories(dir);
                    StoreCopy.download(at(from.get()), dir);
                }
            }
        } catch (IOException e) {
            throw new CloudException("sagemaker: cannot copy the job's outputs back from s3://" + keys.bucket() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads a directory without its digest list: the job changes the files (checkpoints), so a
     * list written now would fail the verification of the copy back.
     */
    private static void put(Path dir, ObjectStore at) throws IOException {
        StoreCopy.uploadWithoutDigestList(dir, at);
    }

    private ObjectStore at(String uri) {
        return Stores.open(StoreUri.parse(uri), (scheme, u) -> Optional.of(store));
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false; // a single-file mount is not uploaded (a channel is a prefix)
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(Files::isRegularFile);
        }
    }
}
