package dev.skyrun.exec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node runs: the container, its command and environment, resources and mounts.
 * Built from a task spec and an attempt; the same record feeds local Docker, a VM's startup
 * script and a managed training job.
 *
 * @param runId the run's id
 * @param taskId stable across recoveries
 * @param attempt 1-based attempt number
 * @param image the container image, by digest when known
 * @param setup shell commands run before {@code run}, or empty
 * @param run the job's shell commands
 * @param env environment variables (user's envs plus skyrun's, no secrets)
 * @param secretNames names of secrets injected at start; their values travel separately, never in this record
 * @param mounts what appears inside the job
 * @param nodes how many nodes
 * @param gpusPerNode accelerators per node (0 for none)
 * @param cpus vCPU limit per node, 0 for none
 * @param memoryGib memory limit per node in GiB, 0 for none
 * @param checkpointDir the checkpoint directory inside the job
 * @param workdir a local directory synced into {@link #WORKDIR} before the job starts, if any
 */
public record JobSpec(
        String runId, String taskId, int attempt, String image, Optional<String> setup, String run,
        Map<String, String> env, List<String> secretNames, List<Mount> mounts, int nodes,
        double gpusPerNode, double cpus, double memoryGib, String checkpointDir, Optional<String> workdir) {

    /** Where the job's working directory is inside the job; {@code workdir} is synced here. */
    public static final String WORKDIR = dev.skyrun.spec.TaskSpec.WORKDIR;

    /** The first cut's constructor: no workdir. */
    public JobSpec(
            String runId, String taskId, int attempt, String image, Optional<String> setup, String run,
            Map<String, String> env, List<String> secretNames, List<Mount> mounts, int nodes,
            double gpusPerNode, double cpus, double memoryGib, String checkpointDir) {
        this(runId, taskId, attempt, image, setup, run, env, secretNames, mounts, nodes, gpusPerNode, cpus, memoryGib,
                checkpointDir, Optional.empty());
    }

    public JobSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(run, "run");
        env = Map.copyOf(env);
        secretNames = List.copyOf(secretNames);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(workdir, "workdir");
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
        }
    }

    /** This job with other mounts (a plug-in that relays local mounts through its store names them anew). */
    public JobSpec withMounts(List<Mount> newMounts) {
        return new JobSpec(runId, taskId, attempt, image, setup, run, env, secretNames, newMounts, nodes, gpusPerNode, cpus,
                memoryGib, checkpointDir, workdir);
    }

    /**
     * One mount of a job.
     *
     * @param target absolute path inside the job
     * @param source a local path (bind-mounted) or a store URI (a plug-in that runs jobs
     *     elsewhere copies it in; for local Docker the controller stages it in a local directory)
     * @param readOnly whether the job may write it
     * @param mode how a node that is given a store URI brings it in: {@code COPY} (copied in
     *     before, back after), {@code MOUNT} (a streamed FUSE mount), {@code MOUNT_CACHED} (a FUSE
     *     mount with a local cache, flushed before the node reports its exit code)
     */
    public record Mount(String target, String source, boolean readOnly, dev.skyrun.spec.FileMount.MountMode mode) {
        public Mount {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(mode, "mode");
        }

        /** A mount copied in (a store URI) or bound (a local path). */
        public Mount(String target, String source, boolean readOnly) {
            this(target, source, readOnly, dev.skyrun.spec.FileMount.MountMode.COPY);
        }

        /** Whether a node mounts the store URI with FUSE instead of copying it. */
        public boolean fuse() {
            return mode != dev.skyrun.spec.FileMount.MountMode.COPY;
        }
    }
}
