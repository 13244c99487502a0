package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one of a job's mounts reaches a SageMaker training container. The checkpoint directory is
 * linked to {@code /opt/ml/checkpoints}, which SageMaker syncs with the run's checkpoint prefix
 * ({@code CheckpointConfig}). Every other mount is an input channel {@code mountN} (SageMaker
 * downloads it to {@code /opt/ml/input/data/mountN}) linked to its target: a local source (the
 * runner's staging directory) is uploaded under the cluster's {@code mounts/N} first, an
 * {@code s3://} source is read in place. A writable mount is copied back by the container when the
 * job ends: to its {@code s3://} source, or under the cluster's {@code outputs/N}, from where the
 * plug-in copies it into the staging directory (which the runner uploads to the task's store).
 *
 * @param index the mount's position among the job's mounts
 * @param mount the mount
 * @param checkpoint whether it is the job's checkpoint directory
 */
record SageMakerMount(int index, JobSpec.Mount mount, boolean checkpoint) {

    /** Where SageMaker puts input channels. */
    static final String INPUT = "/opt/ml/input/data/";
    /** The checkpoint directory SageMaker syncs with {@code CheckpointConfig.S3Uri}. */
    static final String CHECKPOINTS = "/opt/ml/checkpoints";

    /** The job's mounts; a source that is neither local nor {@code s3://} is refused. */
    static List<SageMakerMount> of(JobSpec job) {
        List<SageMakerMount> out = new ArrayList<>();
        for (JobSpec.Mount m : job.mounts()) {
            if (m.source().contains("://") && !m.source().startsWith("s3://")) {
                throw new CloudException("sagemaker: mount " + m.target() + " comes from " + m.source()
                        + "; a SageMaker job reads s3:// stores and local files only: copy it to S3 or run on another cloud");
            }
            out.add(new SageMakerMount(out.size(), m, m.target().equals(job.checkpointDir())));
        }
        return out;
    }

    /** The input channel's name. */
    String channel() {
        return "mount" + index;
    }

    /** Whether the source is the runner's local staging directory (or a local path). */
    boolean local() {
        return !mount.source().startsWith("s3://");
    }

    /** The directory inside the container the target is linked to. */
    String dir() {
        return checkpoint ? CHECKPOINTS : INPUT + channel();
    }

    /** {@code s3://...} the channel reads: the source itself, or where the local source is uploaded. */
    String inputUri(StatusKeys keys) {
        return local() ? "s3://" + keys.bucket() + "/" + keys.prefix() + "/mounts/" + index : mount.source();
    }

    /** Where the container copies a writable mount back to ({@code s3://BUCKET/KEY}), if anywhere. */
    Optional<String> outputUri(StatusKeys keys) {
        if (mount.readOnly() || checkpoint) {
            return Optional.empty();
        }
        return Optional.of(local() ? "s3://" + keys.bucket() + "/" + keys.prefix() + "/outputs/" + index
                : mount.source().replaceAll("/+$", ""));
    }
}
