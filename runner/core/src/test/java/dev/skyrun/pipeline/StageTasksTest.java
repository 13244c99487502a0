package dev.skyrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.ManifestFixtures;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.OutputSpec;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageTasksTest {

    static TaskSpec task(Map<String, OutputSpec> outputs, Optional<String> metrics, Map<String, FileMount> mounts) {
        return new TaskSpec("distill", Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), mounts, Optional.empty(),
                Optional.of("true"), Optional.of("skyrun/busybox:local"), outputs, metrics, List.of());
    }

    @Test
    void outputsLandInTheStageStoreAndStageMountsResolveToUpstreamOutputs() {
        TaskSpec t = task(Map.of("student", new OutputSpec("student", "/outputs/student", Optional.of("runtime"))),
                Optional.of("/outputs/metrics.json"),
                Map.of("/in/model", FileMount.copy("/in/model", "stage://textgen-lora/model")));
        StageOutcome up = ManifestFixtures.stage("textgen-lora", "textgen", Map.of(), List.of());
        TaskSpec run = StageTasks.forRun(t, "file:///runs/r1/store/distill", Map.of("textgen-lora", up), "sha256:" + "1".repeat(64));
        assertThat(run.fileMounts().get("/outputs").source()).contains("file:///runs/r1/store/distill");
        assertThat(run.fileMounts().get("/in/model").source()).contains("file:///store/textgen-lora/model");
        assertThat(run.image()).contains("sha256:" + "1".repeat(64));
    }

    @Test
    void mountingAStageThatIsNotNeededOrAnUnknownOutputIsAnError() {
        TaskSpec t = task(Map.of(), Optional.empty(), Map.of("/in", FileMount.copy("/in", "stage://embedder/model")));
        assertThatThrownBy(() -> StageTasks.forRun(t, "file:///s", Map.of(), "img"))
                .hasMessageContaining("does not need embedder; add it to needs:");
        StageOutcome up = ManifestFixtures.stage("embedder", "embed", Map.of(), List.of());
        TaskSpec wrong = task(Map.of(), Optional.empty(), Map.of("/in", FileMount.copy("/in", "stage://embedder/weights")));
        assertThatThrownBy(() -> StageTasks.forRun(wrong, "file:///s", Map.of("embedder", up), "img"))
                .hasMessageContaining("has no output 'weights'");
    }

    @Test
    void outputsMustShareOneDirectory() {
        TaskSpec t = task(Map.of("a", new OutputSpec("a", "/a/x", Optional.empty())), Optional.of("/b/metrics.json"), Map.of());
        assertThatThrownBy(() -> StageTasks.outputsRoot(t)).hasMessageContaining("must share one directory");
        TaskSpec nested = task(Map.of("a", new OutputSpec("a", "/out/model/a", Optional.empty())),
                Optional.of("/out/metrics.json"), Map.of());
        assertThat(StageTasks.outputsRoot(nested)).contains("/out");
    }
}
