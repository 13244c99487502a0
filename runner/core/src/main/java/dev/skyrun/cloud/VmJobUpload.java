package dev.skyrun.cloud;

import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The submit half of the VM status protocol: how a VM plug-in hands a job to a cluster whose nodes
 * run {@link VmBootstrap#launcher()}. The task's workdir (if any) is copied to
 * {@link VmBootstrap#workdir()}, then the job script goes to the status keys' job object, which
 * the launcher waits for; so a node never sees a job script before the files it copies in. The
 * one writer for every VM plug-in; a plug-in only names its store, as for the reader
 * {@link VmStatus}.
 */
public final class VmJobUpload {

    private VmJobUpload() {}

    /**
     * Uploads the job and names it by its script's store URI.
     *
     * @param cluster the cluster the job runs on
     * @param where the provider and region, for messages ({@code "aws us-east-1"})
     * @param store the store holding the status bucket (keys {@code BUCKET/KEY})
     * @param bootstrap the cluster's bootstrap: its shell's scheme and its status keys say where things go
     * @param job the job (its {@link JobSpec#workdir()} is copied)
     * @param script the job script, rendered by {@code bootstrap}
     * @throws CloudException when the store refuses an upload
     */
    public static JobHandle put(Cluster cluster, String where, ObjectStore store, VmBootstrap bootstrap, JobSpec job,
            String script) {
        String scheme = bootstrap.shell().scheme();
        StatusKeys keys = bootstrap.keys();
        String jobKey = keys.storeKey(keys.job());
        try {
            if (job.workdir().isPresent()) {
                StoreCopy.upload(Path.of(job.workdir().get()), Stores.open(StoreUri.parse(scheme + "://" + keys.bucket() + "/"
                        + bootstrap.workdir()), (s, uri) -> Optional.of(store)));
            }
            store.put(jobKey, script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CloudException(where + ": cannot upload the job script to " + scheme + "://" + jobKey + ": "
                    + e.getMessage(), e);
        }
        return new JobHandle(cluster, scheme + "://" + jobKey);
    }
}
