package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.aiplatform.v1.CustomJob;
import com.google.cloud.aiplatform.v1.DeleteCustomJobRequest;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.ListCustomJobsRequest;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One region's Vertex AI CustomJobs as skyrun uses them: create, find by labels, read the state,
 * cancel and delete. Every API error goes through {@link GcpErrors}.
 */
record VertexJobs(GcpConfig config, JobServiceClient client, String region, Backoff backoff) {

    VertexJobs(GcpConfig config, JobServiceClient client, String region) {
        this(config, client, region, Backoff.standard(config.pollInterval()));
    }

    /** States after which a job changes no more. */
    static final Set<JobState> TERMINAL = Set.of(JobState.JOB_STATE_SUCCEEDED, JobState.JOB_STATE_FAILED,
            JobState.JOB_STATE_CANCELLED, JobState.JOB_STATE_EXPIRED, JobState.JOB_STATE_PARTIALLY_SUCCEEDED);

    private static final Pattern EXIT = Pattern.compile("non-zero status of (\\d+)");

    private String parent() {
        return "projects/" + config.requireProject() + "/locations/" + region;
    }

    private GcpErrors.Context ctx(String operation) {
        return new GcpErrors.Context(VertexProvider.NAME, region, "", operation, "");
    }

    /** Creates the job; a stockout or quota error is a {@link CapacityException} naming the scope to block. */
    CustomJob create(CustomJob job) throws CapacityException {
        return backoff.call(ctx("customJobs.create " + job.getDisplayName()), () -> client.createCustomJob(parent(), job));
    }

    /**
     * Jobs carrying every one of the labels (values already valid for Google Cloud); an empty
     * value matches any value of its key.
     */
    List<CustomJob> find(Map<String, String> labels) {
        StringBuilder filter = new StringBuilder();
        labels.forEach((k, v) -> filter.append(filter.isEmpty() ? "" : " AND ").append("labels.").append(k)
                .append(v.isEmpty() ? ":*" : "=\"" + v + "\""));
        ListCustomJobsRequest req = ListCustomJobsRequest.newBuilder().setParent(parent()).setFilter(filter.toString()).build();
        return backoff.unchecked(ctx("customJobs.list " + filter), () -> {
            List<CustomJob> out = new ArrayList<>();
            for (CustomJob j : client.listCustomJobs(req).iterateAll()) {
                Map<String, String> have = j.getLabelsMap();
                if (labels.entrySet().stream().allMatch(e -> have.containsKey(e.getKey())
                        && (e.getValue().isEmpty() || e.getValue().equals(have.get(e.getKey()))))) {
                    out.add(j);
                }
            }
            return out;
        });
    }

    /** The job, or empty when it is gone. */
    Optional<CustomJob> get(String name) {
        try {
            return Optional.of(backoff.unchecked(ctx("customJobs.get " + name), () -> client.getCustomJob(name)));
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Asks Vertex AI to cancel the job unless it ended, without waiting; a job already gone is fine. */
    void cancel(String name) {
        if (live(name)) {
            backoff.unchecked(ctx("customJobs.cancel " + name), () -> {
                client.cancelCustomJob(name);
                return null;
            });
        }
    }

    /** Whether the job exists and has not ended (its machines may still bill). */
    boolean live(String name) {
        return get(name).filter(j -> !TERMINAL.contains(j.getState())).isPresent();
    }

    /** Deletes the job's record (once it ended); a job already gone is fine. */
    void delete(String name) {
        try {
            backoff.unchecked(ctx("customJobs.delete " + name),
                    () -> client.deleteCustomJobCallable().call(DeleteCustomJobRequest.newBuilder().setName(name).build()));
        } catch (CloudException e) {
            if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                throw e;
            }
        }
    }

    /** The job's state as skyrun's controller sees it; a spot job that failed because it was preempted is PREEMPTED. */
    static NodeState state(CustomJob job, boolean spot) {
        String name = job.getName().substring(job.getName().lastIndexOf('/') + 1);
        String error = GcpErrors.firstLine(job.getError().getMessage());
        return switch (job.getState()) {
            case JOB_STATE_QUEUED, JOB_STATE_PENDING -> new NodeState.Pending("CustomJob " + name + " is " + job.getState());
            case JOB_STATE_RUNNING, JOB_STATE_UPDATING, JOB_STATE_PAUSED -> new NodeState.Running();
            case JOB_STATE_SUCCEEDED, JOB_STATE_PARTIALLY_SUCCEEDED -> new NodeState.Succeeded();
            case JOB_STATE_FAILED -> failed(name, error, spot);
            case JOB_STATE_CANCELLING, JOB_STATE_CANCELLED -> new NodeState.Failed(130, "CustomJob " + name + " was cancelled");
            case JOB_STATE_EXPIRED -> new NodeState.Lost("CustomJob " + name + " expired before it could start: " + error);
            default -> new NodeState.Unrecognized(job.getState().name());
        };
    }

    private static NodeState failed(String name, String error, boolean spot) {
        if (spot && error.toLowerCase(java.util.Locale.ROOT).contains("preempt")) {
            return new NodeState.Preempted("CustomJob " + name + ": " + error);
        }
        Matcher m = EXIT.matcher(error);
        int exit = m.find() ? Integer.parseInt(m.group(1)) : 1;
        return new NodeState.Failed(exit, "CustomJob " + name + " failed: " + error);
    }
}
