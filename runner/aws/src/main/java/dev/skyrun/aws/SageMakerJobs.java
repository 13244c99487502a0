package dev.skyrun.aws;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;

/**
 * One region's SageMaker training jobs as skyrun uses them: create, describe, stop, and find by
 * skyrun's tags. Every API error goes through {@link AwsErrors}: a quota or capacity error at
 * create is a {@link CapacityException} for the region.
 *
 * @param client the region's client
 * @param errors the region's error policy
 */
record SageMakerJobs(SageMakerClient client, AwsErrors errors) {

    /** Statuses of a job whose instances may still bill. */
    static final Set<TrainingJobStatus> LIVE = Set.of(TrainingJobStatus.IN_PROGRESS, TrainingJobStatus.STOPPING);

    /** Creates the job; ResourceLimitExceeded and capacity errors block the region. */
    String create(CreateTrainingJobRequest request, String instanceType) throws CapacityException {
        return errors.provisioning("sagemaker:CreateTrainingJob " + request.trainingJobName(), instanceType, Optional.empty(),
                () -> client.createTrainingJob(request).trainingJobArn());
    }

    /** The job, or empty when SageMaker does not know it. */
    Optional<DescribeTrainingJobResponse> describe(String name) {
        try {
            return Optional.of(errors.call("sagemaker:DescribeTrainingJob " + name, () -> client.describeTrainingJob(r -> r.trainingJobName(name))));
        } catch (CloudException e) {
            if (e.getCause() instanceof SageMakerException s && (AwsErrors.code(s).equals("ResourceNotFound")
                    || (AwsErrors.code(s).equals("ValidationException") && String.valueOf(s.getMessage()).contains("not found")))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the job exists and may still bill. */
    boolean live(String name) {
        return describe(name).filter(d -> LIVE.contains(d.trainingJobStatus())).isPresent();
    }

    /** Asks SageMaker to stop the job unless it ended; an ended or unknown job is fine. */
    void stop(String name) {
        if (describe(name).filter(d -> d.trainingJobStatus() == TrainingJobStatus.IN_PROGRESS).isPresent()) {
            errors.call("sagemaker:StopTrainingJob " + name, () -> client.stopTrainingJob(r -> r.trainingJobName(name)));
        }
    }

    /**
     * Jobs carrying every one of the tags (an empty value matches any value), live ones or ended
     * ones. Lists the jobs whose name holds {@code nameContains}, then reads their tags.
     */
    List<TrainingJobSummary> find(Map<String, String> tags, String nameContains, boolean live) {
        List<TrainingJobSummary> out = new ArrayList<>();
        errors.call("sagemaker:ListTrainingJobs", () -> {
            client.listTrainingJobsPaginator(r -> r.nameContains(nameContains)).trainingJobSummaries().forEach(j -> {
                if (LIVE.contains(j.trainingJobStatus()) == live && tagged(j.trainingJobArn(), tags)) {
                    out.add(j);
                }
            });
            return null;
        });
        return out;
    }

    private boolean tagged(String arn, Map<String, String> wanted) {
        List<Tag> have = errors.call("sagemaker:ListTags " + arn, () -> client.listTags(r -> r.resourceArn(arn)).tags());
        return wanted.entrySet().stream().allMatch(w -> have.stream().anyMatch(t -> t.key().equals(w.getKey())
                && (w.getValue().isEmpty() || w.getValue().equals(t.value()))));
    }
}
