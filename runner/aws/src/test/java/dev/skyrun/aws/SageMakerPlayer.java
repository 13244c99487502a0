package dev.skyrun.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.FakeHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Plays SageMaker for the loopback fake: each created training job runs for real in a container
 * on the local engine, the way SageMaker runs a training container. Before the start it downloads
 * each input channel from S3 to {@code /opt/ml/input/data/CHANNEL} and the checkpoints to
 * {@code /opt/ml/checkpoints}, writes {@code /opt/ml/input/config/resourceconfig.json}, and sets the
 * request's {@code Environment}, the {@code SM_*} variables of SageMaker's training toolkit and the
 * container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, served here). The
 * container's output becomes the CloudWatch stream of {@code algo-1}; {@code /opt/ml/checkpoints} is
 * uploaded back to {@code CheckpointConfig.S3Uri}; exit 0 is Completed, else Failed with
 * {@code AlgorithmError:} and {@code /opt/ml/output/failure}. The {@code interruptFirst}-th job is
 * Stopped with {@code Interrupted} once its container ended, as a spot reclaim.
 */
final class SageMakerPlayer implements AutoCloseable {

    private final AwsFake aws;
    private final ObjectStore s3;
    private final Path root;
    private final String image;
    private final String label;
    private final int interruptNth;
    private final FakeHttpServer credentials = FakeHttpServer.start();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final AtomicInteger created = new AtomicInteger();
    /** The exit codes of the containers run, in order. */
    final List<Integer> exits = new java.util.concurrent.CopyOnWriteArrayList<>();

    SageMakerPlayer(AwsFake aws, ObjectStore s3, Path root, String image, String label, int interruptNth) {
        this.aws = aws;
        this.s3 = s3;
        this.root = root;
        this.image = image;
        this.label = label;
        this.interruptNth = interruptNth;
        credentials.route(r -> r.path().equals("/v2/credentials/job-role"), r -> FakeHttpServer.Reply.json(200,
                "{\"AccessKeyId\":\"ASIAJOBROLE\",\"SecretAccessKey\":\"job-role-secret\",\"Token\":\"job-role-token\","
                        + "\"Expiration\":\"2099-01-01T00:00:00Z\"}"));
        aws.sagemaker().onCreate(name -> {
            int nth = created.incrementAndGet();
            pool.submit(() -> play(name, nth));
        });
    }

    private Void play(String name, int nth) throws Exception {
        JsonNode req = aws.sagemaker().created(name);
        Path ml = Files.createDirectories(root.resolve(name));
        for (JsonNode channel : req.path("InputDataConfig")) {
            download(channel.path("DataSource").path("S3DataSource").path("S3Uri").asText(),
                    Files.createDirectories(ml.resolve("input/data/" + channel.path("ChannelName").asText())));
        }
        String checkpoints = req.path("CheckpointConfig").path("S3Uri").asText();
        download(checkpoints, Files.createDirectories(ml.resolve("checkpoints")));
        Files.createDirectories(ml.resolve("model"));
        Files.createDirectories(ml.resolve("output/data"));
        Files.createDirectories(ml.resolve("input/config"));
        Files.writeString(ml.resolve("input/config/resourceconfig.json"),
                "{\"current_host\": \"algo-1\", \"hosts\": [\"algo-1\"], \"network_interface_name\": \"eth0\"}");
        aws.sagemaker().set(name, "InProgress", "Training", null);
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "host", "--label", label, "-v", ml + ":/opt/ml",
                "-e", "TRAINING_JOB_NAME=" + name, "-e", "SM_CURRENT_HOST=algo-1", "-e", "SM_HOSTS=[\"algo-1\"]",
                "-e", "SM_MODEL_DIR=/opt/ml/model", "-e", "SM_OUTPUT_DATA_DIR=/opt/ml/output/data",
                "-e", "SM_INPUT_DIR=/opt/ml/input", "-e", "AWS_CONTAINER_CREDENTIALS_FULL_URI=" + credentials.uri() + "/v2/credentials/job-role"));
        req.path("Environment").fields().forEachRemaining(e -> args.addAll(List.of("-e", e.getKey() + "=" + e.getValue().asText())));
        JsonNode entrypoint = req.path("AlgorithmSpecification").path("ContainerEntrypoint");
        args.addAll(List.of("--entrypoint", entrypoint.get(0).asText(), image));
        for (int i = 1; i < entrypoint.size(); i++) {
            args.add(entrypoint.get(i).asText());
        }
        Docker.Result r = Docker.docker(args.toArray(String[]::new));
        exits.add(r.code());
        aws.sagemaker().log(name, 1, r.output().lines().toArray(String[]::new));
        upload(ml.resolve("checkpoints"), checkpoints);
        if (nth == interruptNth) {
            aws.sagemaker().set(name, "Stopped", "Interrupted", "Spot instance interrupted: the capacity was reclaimed");
        } else if (r.code() == 0) {
            aws.sagemaker().set(name, "Completed", "Completed", null);
        } else {
            Path failure = ml.resolve("output/failure");
            aws.sagemaker().set(name, "Failed", "Failed", "AlgorithmError: "
                    + (Files.exists(failure) ? Files.readString(failure).strip() : "See job logs for more information"));
        }
        return null;
    }

    private void download(String uri, Path dir) throws IOException {
        String key = uri.substring("s3://".length()).replaceAll("/+$", "");
        for (String k : s3.list(key + "/")) {
            Path to = dir.resolve(k.substring(key.length() + 1));
            Files.createDirectories(to.getParent());
            try (InputStream in = s3.open(k)) {
                Files.copy(in, to);
            }
        }
    }

    private void upload(Path dir, String uri) throws IOException {
        String key = uri.substring("s3://".length()).replaceAll("/+$", "");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                s3.put(key + "/" + dir.relativize(f), f);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        credentials.close();
    }
}
