package dev.skyrun.aws;

import dev.skyrun.cloud.Placement;
import dev.skyrun.exec.JobEnv;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.schema.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.S3DataDistribution;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;

/**
 * The {@code CreateTrainingJob} request of a cluster: the placement's {@code ml.*} instance type
 * and node count ({@code ResourceConfig}), the job's ECR image with {@link SageMakerScript} as
 * entrypoint (its {@code skyrun} channel), the mounts' channels, managed spot training with
 * {@code MaxWaitTimeInSeconds} for spot placements, {@code CheckpointConfig} at the run's
 * checkpoint prefix, skyrun's labels as tags. The {@code Environment} holds skyrun's job
 * variables only (the spec's envs travel in the script: SageMaker caps values at 512 characters);
 * never a secret, and no {@code HyperParameters}.
 */
final class SageMakerJob {

    /** An image SageMaker can pull: Amazon ECR, {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/REPO[:TAG|@DIGEST]}. */
    static final Pattern ECR_IMAGE = Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+([:@].+)?");

    private static final Pattern INVALID_NAME = Pattern.compile("[^a-zA-Z0-9-]+");

    /**
     * What the request needs besides the placement and job.
     *
     * @param roleArn the execution role SageMaker runs the job as
     * @param keys the cluster's prefix ({@code output/}, {@code job/}, {@code mounts/N})
     * @param checkpointUri {@code s3://} prefix of the run's checkpoints
     * @param maxRunSeconds {@code MaxRuntimeInSeconds}
     * @param maxWaitSeconds {@code MaxWaitTimeInSeconds} of a spot job (at least the run time)
     * @param volumeGib the ML storage volume per instance
     */
    record Options(String roleArn, StatusKeys keys, String checkpointUri, int maxRunSeconds, int maxWaitSeconds, int volumeGib) {}

    private SageMakerJob() {}

    /** A training job name for a cluster: letters, digits and hyphens, at most 63 characters. */
    static String name(String clusterName) {
        String name = INVALID_NAME.matcher(clusterName).replaceAll("-").replaceAll("^-+|-+$", "");
        if (name.length() <= 63) {
            return name;
        }
        String hash = Integer.toHexString(clusterName.hashCode() & 0x7fffffff);
        return name.substring(0, 62 - hash.length()).replaceAll("-+$", "") + "-" + hash;
    }

    /** Refuses an image SageMaker cannot pull (exit 2, saying what to do). */
    static String requireEcr(String image) {
        if (!ECR_IMAGE.matcher(image).matches()) {
            throw new InvalidInputException("sagemaker runs job images from Amazon ECR only, and '" + image + "' is not an ECR image"
                    + " URI; push it (docker tag/push to ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG) and set image: to that URI"
                    + " (skyrun does not push images)");
        }
        return image;
    }

    /** The request; {@code mounts} with a local source are only given a channel when {@code uploaded} holds their index. */
    static CreateTrainingJobRequest of(String clusterName, Placement p, JobSpec job, List<SageMakerMount> mounts,
            java.util.Set<Integer> uploaded, Map<String, String> labels, Options o) {
        String base = "s3://" + o.keys().bucket() + "/" + o.keys().prefix();
        List<Channel> channels = new ArrayList<>(List.of(channel("skyrun", base + "/job/")));
        for (SageMakerMount m : mounts) {
            if (!m.checkpoint() && (!m.local() || uploaded.contains(m.index()))) {
                channels.add(channel(m.channel(), m.inputUri(o.keys()) + (m.local() ? "/" : "")));
            }
        }
        if (job.workdir().isPresent()) {
            channels.add(channel("workdir", base + "/workdir/"));
        }
        CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder()
                .trainingJobName(name(clusterName))
                .roleArn(o.roleArn())
                .algorithmSpecification(a -> a.trainingImage(requireEcr(job.image())).trainingInputMode(TrainingInputMode.FILE)
                        .containerEntrypoint("sh", SageMakerScript.PATH))
                .resourceConfig(r -> r.instanceType(p.instanceType()).instanceCount(p.nodes()).volumeSizeInGB(o.volumeGib()))
                .inputDataConfig(channels)
                .outputDataConfig(out -> out.s3OutputPath(base + "/output"))
                .checkpointConfig(c -> c.s3Uri(o.checkpointUri()).localPath(SageMakerMount.CHECKPOINTS))
                .environment(JobEnv.shared(job))
                .tags(labels.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        if (p.spot()) {
            b.enableManagedSpotTraining(true).stoppingCondition(s -> s.maxRuntimeInSeconds(o.maxRunSeconds())
                    .maxWaitTimeInSeconds(Math.max(o.maxWaitSeconds(), o.maxRunSeconds())));
        } else {
            b.stoppingCondition(s -> s.maxRuntimeInSeconds(o.maxRunSeconds()));
        }
        return b.build();
    }

    private static Channel channel(String name, String s3Uri) {
        return Channel.builder().channelName(name).inputMode(TrainingInputMode.FILE)
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType(S3DataType.S3_PREFIX).s3Uri(s3Uri)
                        .s3DataDistributionType(S3DataDistribution.FULLY_REPLICATED))).build();
    }
}
