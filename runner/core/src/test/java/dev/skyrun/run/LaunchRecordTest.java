package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.spec.Accelerators;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.OutputSpec;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchRecordTest {

    @Test
    void aTaskRoundTripsThroughTheStoredRecordWithoutSecretValues() {
        Resources r = new Resources(Optional.of("local"), Optional.empty(), Optional.empty(),
                Optional.of(Accelerators.one("L4", 1)), Map.of("runtime_version", "v2"), Optional.of(Quantity.parse("2+")),
                Optional.of(Quantity.parse("4")), Optional.empty(), Optional.of(true), Optional.of(50), Optional.empty(),
                Optional.empty(), List.of("8080"), Map.of("team", "ml"), Optional.empty(), List.of(), List.of(),
                Optional.of(new JobRecovery(JobRecovery.Strategy.EAGER_NEXT_REGION, 2, List.of(33))));
        TaskSpec task = new TaskSpec("train", Optional.of("./src"), 2, r, Map.of("EPOCHS", "3"),
                Map.of("HF_TOKEN", Optional.of("hf_default_value")), Map.of("/data", FileMount.copy("/data", "s3://b/d")),
                Optional.of("pip install"), Optional.of("python train.py"), Optional.of("img:1"),
                Map.of("adapter", new OutputSpec("adapter", "/outputs/adapter", Optional.of("textgen"))),
                Optional.of("/outputs/metrics.json"), List.of(new GateSpec("q", Optional.of("acc"), Optional.of(0.8),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
        LaunchRequest req = new LaunchRequest(task, Optional.of(Path.of("/specs/train.yaml")), Map.of("A", "1"),
                Secrets.of(Map.of("HF_TOKEN", "hf_live_value", "EXTRA", "x")), Optional.of("local"), Optional.of("t2"),
                false, true).withRetryUntilUp(true);

        String json = Json.of(LaunchRecord.of(req));
        LaunchRecord back = Json.launch(json);

        assertThat(json).doesNotContain("hf_default_value").doesNotContain("hf_live_value");
        assertThat(back.task().secrets()).containsOnlyKeys("HF_TOKEN", "EXTRA");
        assertThat(back.task().secrets().values()).allMatch(Optional::isEmpty);
        assertThat(back.task().resources()).isEqualTo(r);
        assertThat(back.task().fileMounts()).isEqualTo(task.fileMounts());
        assertThat(back.task().gates()).isEqualTo(task.gates());
        assertThat(back.request(Secrets.none())).satisfies(q -> {
            assertThat(q.envOverrides()).containsEntry("A", "1");
            assertThat(q.name()).contains("t2");
            assertThat(q.down()).isTrue();
            assertThat(q.retryUntilUp()).as("a resumed run keeps --retry-until-up").isTrue();
        });
        assertThat(Json.launch(json.replace(",\"retryUntilUp\":true", "")).retryUntilUp())
                .as("rows written before the option existed").isFalse();
    }
}
