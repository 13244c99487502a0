package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.FollowOutage;
import dev.skyrun.cloud.FollowPause;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.exec.JobScript;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * A training job's output from CloudWatch Logs: SageMaker writes each instance's container
 * output to the group {@value #GROUP}, stream {@code JOB/algo-N-EPOCH} (node N-1). Reads every
 * stream from its head, following {@code nextForwardToken}; with {@link LogQuery#follow()} until
 * the job ends, then once more. skyrun's own lines ({@code skyrun: ...}) are marked stderr.
 *
 * @param client the region's client
 * @param errors the region's error policy
 * @param job the training job's name
 */
record SageMakerLogs(CloudWatchLogsClient client, AwsErrors errors, String job) {

    /** SageMaker's log group of training jobs. */
    static final String GROUP = "/aws/sagemaker/TrainingJobs";

    /** Hands the lines to {@code sink} (only node {@code query.node()} when given). */
    void read(LogQuery query, Consumer<LogLine> sink, Supplier<NodeState> state, Duration poll) {
        Map<String, String> tokens = new HashMap<>();
        FollowOutage outage = new FollowOutage();
        while (true) {
            boolean ended;
            try {
                ended = !query.follow() || state.get().ended();
                readOnce(query, sink, tokens);
                outage.answered();
            } catch (CloudException e) {
                if (!query.follow()) {
                    throw e;
                }
                outage.failed(e); // CloudWatch or SageMaker not answering: the next poll reads from the same tokens
                ended = false;
            }
            if (ended) {
                return;
            }
            if (!FollowPause.sleep(poll)) {
                return;
            }
        }
    }

    private void readOnce(LogQuery query, Consumer<LogLine> sink, Map<String, String> tokens) {
        for (LogStream stream : streams()) {
            int node = node(stream.logStreamName());
            if (query.node().isPresent() && query.node().getAsInt() != node) {
                continue;
            }
            while (true) {
                String token = tokens.get(stream.logStreamName());
                GetLogEventsResponse page = errors.call("logs:GetLogEvents " + stream.logStreamName(), () -> client.getLogEvents(r -> r
                        .logGroupName(GROUP).logStreamName(stream.logStreamName()).startFromHead(true).nextToken(token)));
                for (OutputLogEvent e : page.events()) {
                    String text = e.message().stripTrailing();
                    sink.accept(new LogLine(node, text.startsWith("skyrun:") || text.startsWith(JobScript.EXIT_MARK), text));
                }
                tokens.put(stream.logStreamName(), page.nextForwardToken());
                if (page.events().isEmpty() || page.nextForwardToken() == null || page.nextForwardToken().equals(token)) {
                    break;
                }
            }
        }
    }

    private List<LogStream> streams() {
        try {
            return errors.call("logs:DescribeLogStreams " + job, () -> client.describeLogStreamsPaginator(r -> r.logGroupName(GROUP)
                    .logStreamNamePrefix(job + "/")).logStreams().stream().toList());
        } catch (CloudException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return List.of(); // no instance has written yet
            }
            throw e;
        }
    }

    /** {@code JOB/algo-2-1712345678} is node 1. */
    static int node(String stream) {
        String host = stream.substring(stream.indexOf('/') + 1);
        String[] parts = host.split("-");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) - 1 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
