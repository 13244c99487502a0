package dev.skyrun.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * SageMaker training jobs and their CloudWatch Logs, as the JSON 1.1 protocol answers them
 * ({@code X-Amz-Target: SageMaker.*} and {@code Logs_20140328.*}): CreateTrainingJob (InProgress,
 * Starting; a second job of the same name is {@code ResourceInUse}), DescribeTrainingJob (an unknown
 * name is the documented {@code ValidationException: Requested resource not found}), StopTrainingJob
 * (Stopping, then Stopped on the next read), ListTrainingJobs ({@code NameContains}), ListTags,
 * DescribeLogStreams and GetLogEvents (a page per call, {@code nextForwardToken} {@code f/N}). Tests play
 * the service by {@link #set} and {@link #log}; {@link #onCreate} hears each created job.
 */
public final class SageMakerWorld {

    private static final String ACCOUNT = "123456789012";

    private final ObjectMapper json = new ObjectMapper();
    /** Job name to its record: the request plus status fields. */
    private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
    /** Log stream name to its messages. */
    private final Map<String, List<String>> streams = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with the job's name after each CreateTrainingJob (on the server's thread). */
    public void onCreate(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The CreateTrainingJob request of a job, as received. */
    public JsonNode created(String name) {
        return jobs.get(name).get("request");
    }

    /** The names of the jobs created, in no order. */
    public List<String> names() {
        return new ArrayList<>(jobs.keySet());
    }

    /** Moves a job to a status, secondary status and failure reason (null: none). */
    public void set(String name, String status, String secondary, String failureReason) {
        ObjectNode job = jobs.get(name);
        job.put("TrainingJobStatus", status).put("SecondaryStatus", secondary);
        if (failureReason == null) {
            job.remove("FailureReason");
        } else {
            job.put("FailureReason", failureReason);
        }
    }

    /** Appends lines to the log stream of a job's host {@code algo-N}. */
    public void log(String job, int host, String... lines) {
        streams.computeIfAbsent(job + "/algo-" + host + "-1765000000", s -> new CopyOnWriteArrayList<>()).addAll(List.of(lines));
    }

    Reply handle(String action, JsonNode body) {
        return switch (action) {
            case "CreateTrainingJob" -> create(body);
            case "DescribeTrainingJob" -> describe(body.path("TrainingJobName").asText());
            case "StopTrainingJob" -> stop(body.path("TrainingJobName").asText());
            case "ListTrainingJobs" -> list(body.path("NameContains").asText(""));
            case "ListTags" -> tags(body.path("ResourceArn").asText());
            case "DescribeLogStreams" -> logStreams(body.path("logStreamNamePrefix").asText(""));
            case "GetLogEvents" -> events(body.path("logStreamName").asText(), body.path("nextToken").asText("f/0"));
            default -> error("InvalidAction", action);
        };
    }

    private Reply create(JsonNode body) {
        String name = body.path("TrainingJobName").asText();
        ObjectNode job = json.createObjectNode();
        job.set("request", body);
        job.put("TrainingJobName", name).put("TrainingJobArn", arn(name)).put("TrainingJobStatus", "InProgress")
                .put("SecondaryStatus", "Starting").put("CreationTime", 1765000000.0);
        if (jobs.putIfAbsent(name, job) != null) {
            return error("ResourceInUse", "Training job names must be unique within an AWS account and region, and a training job with"
                    + " this name already exists (" + arn(name) + ")");
        }
        listeners.forEach(l -> l.accept(name));
        return ok(json.createObjectNode().put("TrainingJobArn", arn(name)));
    }

    private Reply describe(String name) {
        ObjectNode job = jobs.get(name);
        if (job == null) {
            return error("ValidationException", "Requested resource not found.");
        }
        ObjectNode out = job.deepCopy();
        out.remove("request");
        if ("Stopping".equals(job.path("TrainingJobStatus").asText())) {
            job.put("TrainingJobStatus", "Stopped").put("SecondaryStatus", "Stopped");
        }
        JsonNode req = job.get("request");
        for (String field : List.of("AlgorithmSpecification", "RoleArn", "ResourceConfig", "StoppingCondition", "CheckpointConfig",
                "EnableManagedSpotTraining", "InputDataConfig", "OutputDataConfig")) {
            if (req.has(field)) {
                out.set(field, req.get(field));
            }
        }
        return ok(out);
    }

    private Reply stop(String name) {
        ObjectNode job = jobs.get(name);
        if (job == null) {
            return error("ValidationException", "Requested resource not found.");
        }
        if (!"InProgress".equals(job.path("TrainingJobStatus").asText())) {
            return error("ValidationException", "The request was rejected because the training job is in status "
                    + job.path("TrainingJobStatus").asText() + ".");
        }
        job.put("TrainingJobStatus", "Stopping").put("SecondaryStatus", "Stopping");
        return ok(json.createObjectNode());
    }

    private Reply list(String nameContains) {
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("TrainingJobSummaries");
        jobs.forEach((name, job) -> {
            if (name.contains(nameContains)) {
                arr.addObject().put("TrainingJobName", name).put("TrainingJobArn", arn(name)).put("CreationTime", 1765000000.0)
                        .put("TrainingJobStatus", job.path("TrainingJobStatus").asText());
            }
        });
        return ok(out);
    }

    private Reply tags(String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        ObjectNode out = json.createObjectNode();
        ObjectNode job = jobs.get(name);
        out.set("Tags", job == null ? json.createArrayNode() : job.get("request").path("Tags"));
        return ok(out);
    }

    private Reply logStreams(String prefix) {
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("logStreams");
        streams.keySet().stream().filter(s -> s.startsWith(prefix)).sorted().forEach(s -> arr.addObject().put("logStreamName", s));
        return ok(out);
    }

    /** Two events a page, so the client follows {@code nextForwardToken}. */
    private Reply events(String stream, String token) {
        List<String> lines = streams.getOrDefault(stream, List.of());
        int from = Integer.parseInt(token.substring(2));
        int to = Math.min(lines.size(), from + 2);
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("events");
        for (int i = from; i < to; i++) {
            arr.addObject().put("timestamp", 1765000000000L + i).put("message", lines.get(i)).put("ingestionTime", 1765000000000L + i);
        }
        out.put("nextForwardToken", "f/" + to).put("nextBackwardToken", "b/" + from);
        return ok(out);
    }

    private static String arn(String name) {
        return "arn:aws:sagemaker:" + AwsFake.REGION + ":" + ACCOUNT + ":training-job/" + name;
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, "application/x-amz-json-1.1", body.toString().getBytes(), Map.of("x-amzn-RequestId", "req-sm"));
    }

    private static Reply error(String code, String message) {
        return new Reply(400, "application/x-amz-json-1.1", ("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(),
                Map.of("x-amzn-RequestId", "req-" + code));
    }
}
