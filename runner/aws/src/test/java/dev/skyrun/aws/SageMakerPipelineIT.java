package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.pipeline.PipelineEvent;
import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.Session;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
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
 * A pipeline stage on {@code sagemaker}, from its YAML to the fused release manifest: the training
 * job's container runs for real on the local engine ({@link SageMakerPlayer}), writes its model and
 * metrics under SageMaker's layout, and the manifest carries the model's digest and the metrics its
 * gate was judged on.
 */
class SageMakerPipelineIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    @TempDir
    Path tmp;

    @Test
    void aStageTrainedOnSageMakerLandsItsModelAndMetricsInTheReleaseManifest() throws Exception {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer@sha256:" + "ab".repeat(32);
        Path spec = Files.writeString(tmp.resolve("pipeline.yaml"), """
                kind: pipeline
                name: sm-release
                stages:
                  - name: train
                    task:
                      resources: {cloud: sagemaker, accelerators: A10G:1}
                      image: %s
                      run: |
                        [ -d /opt/ml/model ] && echo "training on $SM_CURRENT_HOST"
                        printf 'weights of %%s' "$SM_CURRENT_HOST" > /outputs/model.bin
                        printf '{"eval_accuracy": 0.93, "p95_ms": 120}' > /outputs/metrics.json
                      outputs: {model: /outputs/model.bin}
                      metrics: /outputs/metrics.json
                      gates:
                        - {name: quality, metric: eval_accuracy, min: 0.9}
                        - {name: latency, metric: p95_ms, max: 250}
                release: {name: sm-release, version: 1.0.0}
                """.formatted(image));
        PipelineSpec pipeline = (PipelineSpec) SpecLoader.load(spec);
        String label = "skyrun-test=sagemaker-" + UUID.randomUUID().toString().substring(0, 8);
        Docker.vmImages();
        try (AwsFake aws = new AwsFake(); SageMakerPlayer player = new SageMakerPlayer(aws, SageMakerIT.s3(S3.getHttpPort()),
                tmp.resolve("ml"), Docker.VM_IMAGE, label, 0);
                StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")));
                CloudRegistry clouds = CloudRegistry.of(List.of(new SageMakerProvider(), new AwsProvider()),
                        SageMakerRunIT.env(aws, S3.getHttpPort(), "us-east-1"))) {
            RecordingListener heard = new RecordingListener();
            PipelineRuns runs = new PipelineRuns(new Session(state, clouds, false), (task, cloud) -> List.of(g5()),
                    listener(heard));
            PipelineLauncher.Result r = runs.run(pipeline, spec, Files.readString(spec), Map.of(), Map.of(),
                    PipelineRuns.Recorded.NONE);

            JsonNode m = new ObjectMapper().readTree(ManifestJson.bytes(r.manifest()));
            assertThat(m.at("/verdict").asText()).as(m.toPrettyString() + heard.events).isEqualTo("PROMOTED");
            JsonNode stage = m.at("/stages/0");
            assertThat(stage.at("/name").asText()).isEqualTo("train");
            assertThat(stage.at("/metrics/eval_accuracy").asDouble()).isEqualTo(0.93);
            assertThat(stage.at("/metrics/p95_ms").asDouble()).isEqualTo(120.0);
            assertThat(stage.at("/image").asText()).isEqualTo(image);
            JsonNode model = m.at("/artifacts/0");
            assertThat(model.at("/id").asText()).isEqualTo("train/model");
            assertThat(model.at("/sha256").asText()).isEqualTo(sha256("weights of algo-1"));
            assertThat(model.at("/producer/cloud").asText()).isEqualTo("sagemaker");
            assertThat(player.exits).containsExactly(0);
            assertThat(aws.sagemaker().names()).hasSize(1);
            assertThat(heard.lines).extracting(l -> l.text()).contains("training on algo-1");
        } finally {
            Docker.removeLabelled(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));
        }
    }

    private static PipelineRuns.Listener listener(RecordingListener heard) {
        return new PipelineRuns.Listener() {
            @Override
            public void started(String name, String runId, int stages, String storeUri) {}

            @Override
            public void event(PipelineEvent e) {}

            @Override
            public RunListener stage(String stage) {
                return heard;
            }
        };
    }

    private static Placement g5() {
        return new Placement("sagemaker", "us-east-1", Optional.empty(), "ml.g5.xlarge", false,
                Optional.of(new AcceleratorChoice("A10G", 1)), 4, 16, 1.408, 1, "test");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
