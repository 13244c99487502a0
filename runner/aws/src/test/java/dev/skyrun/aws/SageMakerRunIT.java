package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.pipeline.MetricsFile;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.OutputSpec;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task on {@code sagemaker}, end to end through the run controller, the real SDK clients, the
 * loopback AWS fake and S3Mock, with each training job's container run for real on the local
 * engine ({@link SageMakerPlayer}): a quota error at create moves to the next placement, a spot
 * interruption is recovered from the same checkpoints, and the outputs and metrics the job wrote
 * land in the task's store, where a pipeline's manifest reads them.
 */
class SageMakerRunIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state", "results").build();

    @TempDir
    Path tmp;

    static final String RUN = String.join("\n",
            "n=$(cat \"$SKYRUN_CHECKPOINT_DIR/step\" 2>/dev/null || echo 0); n=$((n + 1)); echo \"$n\" > \"$SKYRUN_CHECKPOINT_DIR/step\"",
            "echo \"step $n on $SM_CURRENT_HOST rank $SKYRUN_NODE_RANK of $SKYRUN_NUM_NODES attempt $SKYRUN_ATTEMPT epochs $EPOCHS\"",
            "[ -d /opt/ml/model ] && [ -d /opt/ml/output ] && [ -L \"$SKYRUN_CHECKPOINT_DIR\" ] && echo 'sagemaker layout ok'",
            "printf '%s' \"$HF_TOKEN\" | md5sum | cut -d' ' -f1 > /outputs/token.md5",
            "printf 'weights after step %s' \"$n\" > /outputs/model.bin",
            "printf '{\"eval_accuracy\": 0.91, \"steps\": %s}' \"$n\" > /outputs/metrics.json");

    @Test
    void aQuotaErrorMovesOnASpotInterruptionResumesFromTheCheckpointsAndTheOutputsLand() throws Exception {
        String canary = "canary-" + UUID.randomUUID() + " 'q' $(touch /tmp/pwned)";
        String label = "skyrun-test=sagemaker-" + UUID.randomUUID().toString().substring(0, 8);
        Docker.vmImages();
        try (AwsFake aws = new AwsFake(); SageMakerPlayer player = new SageMakerPlayer(aws, SageMakerIT.s3(S3.getHttpPort()), tmp.resolve("ml"),
                Docker.VM_IMAGE, label, 1)) {
            aws.fail("CreateTrainingJob", "ResourceLimitExceeded", 400, 1);
            RecordingListener heard = new RecordingListener();
            try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")));
                    CloudRegistry clouds = CloudRegistry.of(List.of(new SageMakerProvider(), new AwsProvider()),
                            env(aws, S3.getHttpPort(), "us-east-1,us-west-2"))) {
                RunController controller = new RunController(state, clouds, (task, cloud) -> List.of(
                        g5("us-east-1", 1.408), g5("us-west-2", 1.408)));
                RunOutcome out = controller.launch(new LaunchRequest(task(), Optional.empty(), Map.of(), Secrets.of(Map.of("HF_TOKEN",
                        canary)), Optional.empty(), Optional.empty(), false, true), heard);

                assertThat(out.status()).as(out.reason() + " " + heard.events).isEqualTo(RunStatus.SUCCEEDED);
                List<AttemptRecord> attempts = state.runs().attempts(out.runId());
                assertThat(attempts).extracting(AttemptRecord::placement)
                        .containsExactly("sagemaker/us-east-1", "sagemaker/us-west-2", "sagemaker/us-west-2");
                assertThat(attempts).extracting(AttemptRecord::status)
                        .containsExactly(RunStatus.INFRA_FAILED, RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
                assertThat(attempts.get(0).reason().orElseThrow()).contains("ResourceLimitExceeded");
                assertThat(attempts.get(1).reason().orElseThrow()).contains("Interrupted");
                assertThat(player.exits).containsExactly(0, 0);

                // both jobs used the run's one checkpoint prefix: the second resumed at step 2
                List<String> jobs = aws.sagemaker().names().stream().sorted().toList();
                assertThat(jobs).hasSize(2);
                assertThat(jobs).extracting(j -> aws.sagemaker().created(j).path("CheckpointConfig").path("S3Uri").asText())
                        .containsOnly("s3://skyrun-state/skyrun/" + out.runId() + "/checkpoints");
                assertThat(heard.lines).extracting(LogLine::text).contains("step 1 on algo-1 rank 0 of 1 attempt 2 epochs 3",
                        "step 2 on algo-1 rank 0 of 1 attempt 3 epochs 3", "sagemaker layout ok");

                // outputs and metrics, from the store the manifest reads them from
                ObjectStore results = Stores.open(StoreUri.parse("s3://results/stage1"), (s, u) -> Optional.of(SageMakerIT.s3(S3.getHttpPort())));
                Path metrics = Files.createTempFile(tmp, "metrics", ".json");
                Files.write(metrics, SageMakerIT.read(results, "metrics.json").getBytes(StandardCharsets.UTF_8));
                assertThat(MetricsFile.read(metrics, "train", "/outputs/metrics.json"))
                        .isEqualTo(Map.of("eval_accuracy", 0.91, "steps", 2.0));
                assertThat(StoredArtifacts.digest(results, "model.bin", ArtifactDigest.Kind.FILE).sha256())
                        .isEqualTo(hex("SHA-256", "weights after step 2"));
                assertThat(SageMakerIT.read(results, "token.md5").strip()).as("the container read the secret from SSM")
                        .isEqualTo(hex("MD5", canary));

                String encoded = java.util.Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
                assertThat(aws.requests()).filteredOn(r -> !"AmazonSSM.PutParameter".equals(r.header("X-Amz-Target")))
                        .allSatisfy(r -> assertThat(r.body()).doesNotContain(canary).doesNotContain(encoded));
                assertThat(heard.lines).extracting(LogLine::text).noneMatch(t -> t.contains("canary-"));
                assertThat(aws.parameters()).as("--down removed the secrets").isEmpty();
            }
        } finally {
            Docker.removeLabelled(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));
        }
        assertThat(Docker.containersLabelled(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1))).isEmpty();
    }

    /** The environment of a sagemaker cloud on {@code aws} and the S3Mock at {@code s3Port}, in {@code regions}. */
    static Map<String, String> env(AwsFake aws, int s3Port, String regions) {
        String s3 = "http://127.0.0.1:" + s3Port;
        return Map.ofEntries(Map.entry("SKYRUN_SAGEMAKER_ENDPOINT", aws.uri().toString()), Map.entry("SKYRUN_SAGEMAKER_S3_ENDPOINT", s3),
                Map.entry("SKYRUN_SAGEMAKER_REGION", AwsFake.REGION), Map.entry("SKYRUN_SAGEMAKER_BUCKET", "skyrun-state"),
                Map.entry("SKYRUN_SAGEMAKER_ACCESS_KEY_ID", "AKIDTEST"), Map.entry("SKYRUN_SAGEMAKER_SECRET_ACCESS_KEY", "x"),
                Map.entry("SKYRUN_SAGEMAKER_ROLE_ARN", SageMakerIT.ROLE), Map.entry("SKYRUN_SAGEMAKER_POLL_MS", "50"),
                Map.entry("SKYRUN_SAGEMAKER_RETRY_BASE_MS", "1"), Map.entry("SKYRUN_SAGEMAKER_TERMINATE_TIMEOUT_S", "10"),
                Map.entry("SKYRUN_SAGEMAKER_REGIONS", regions),
                Map.entry("SKYRUN_AWS_S3_ENDPOINT", s3), Map.entry("SKYRUN_AWS_REGION", AwsFake.REGION),
                Map.entry("SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST"), Map.entry("SKYRUN_AWS_SECRET_ACCESS_KEY", "x"));
    }

    private static Placement g5(String region, double price) {
        return new Placement("sagemaker", region, Optional.empty(), "ml.g5.xlarge", true, Optional.of(new AcceleratorChoice("A10G", 1)),
                4, 16, price, 1, "test");
    }

    private static TaskSpec task() {
        return new TaskSpec("train", Optional.empty(), 1, Resources.ANY, Map.of("EPOCHS", "3"), Map.of("HF_TOKEN", Optional.empty()),
                Map.of("/outputs", FileMount.copy("/outputs", "s3://results/stage1")), Optional.empty(), Optional.of(RUN),
                Optional.of(SageMakerIT.IMAGE), Map.of("model", new OutputSpec("model", "/outputs/model.bin", Optional.empty())),
                Optional.of("/outputs/metrics.json"), List.of());
    }

    private static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
