package dev.skyrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.storage.LocalDirStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep warm: a kept stage is re-used only when its inputs digest is unchanged and its artifacts are intact. */
class KeptStagesTest {

    @TempDir
    Path tmp;

    static Stage stage(String run) {
        TaskSpec t = new TaskSpec("train", Optional.empty(), 1, dev.skyrun.spec.Resources.ANY, Map.of(), Map.of(),
                Map.of(), Optional.empty(), Optional.of(run), Optional.of("skyrun/busybox:local"),
                Map.of("model", new dev.skyrun.spec.OutputSpec("model", "/outputs/model", Optional.empty())),
                Optional.empty(), List.of());
        return new Stage("train", t, List.of(), Optional.empty());
    }

    @Test
    void aStageWithTheSameInputsIsReusedWithItsArtifactsCopiedAndAnyChangeRunsIt() throws Exception {
        LocalDirStore old = new LocalDirStore(Files.createDirectories(tmp.resolve("old")));
        old.put("train/model/weights.bin", "w1".getBytes(StandardCharsets.UTF_8));
        ArtifactDigest digest = StoredArtifacts.digest(old, "train/model", ArtifactDigest.Kind.TREE);
        String oldUri = tmp.resolve("old").toUri().toString().replaceAll("/$", "");
        Stage stage = stage("train.sh");
        String image = "skyrun/busybox@sha256:" + "a".repeat(64);
        String inputs = StageInputs.sha256(stage, image, Map.of(), Map.of());
        StageRecord record = new StageRecord("train", StageRecord.Status.SUCCEEDED, Optional.of(image), Map.of("acc", 0.9),
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(inputs), Optional.empty());
        ArtifactEntry artifact = new ArtifactEntry("train/model", "train", Optional.empty(), digest,
                oldUri + "/train/model", Optional.empty(), 1, 1.0, Optional.empty());
        KeptStages kept = new KeptStages("r@1.0.0", Map.of("train", record), Map.of("train", List.of(artifact)),
                Optional.of(old), oldUri);
        LocalDirStore fresh = new LocalDirStore(Files.createDirectories(tmp.resolve("new")));
        PipelineRunLayout layout = new PipelineRunLayout("r-abc", tmp.resolve("new").toUri().toString()
                .replaceAll("/$", ""), fresh);

        StageOutcome reused = kept.reuse(stage, inputs, layout).orElseThrow();
        assertThat(reused.stage().reusedFrom()).contains("r@1.0.0");
        assertThat(reused.stage().metrics()).containsEntry("acc", 0.9);
        assertThat(reused.artifacts()).singleElement().satisfies(a -> {
            assertThat(a.digest()).isEqualTo(digest);
            assertThat(a.uri()).isEqualTo(layout.storeUri() + "/train/model");
        });
        assertThat(tmp.resolve("new/train/model/weights.bin")).hasContent("w1");

        assertThat(kept.reuse(stage("train.sh --epochs 2"), StageInputs.sha256(stage("train.sh --epochs 2"), image,
                Map.of(), Map.of()), layout)).as("a changed run line").isEmpty();
        assertThat(StageInputs.sha256(stage, "skyrun/busybox@sha256:" + "b".repeat(64), Map.of(), Map.of()))
                .as("another image").isNotEqualTo(inputs);
        old.put("train/model/weights.bin", "tampered".getBytes(StandardCharsets.UTF_8));
        assertThat(kept.reuse(stage, inputs, new PipelineRunLayout("r-def", tmp.resolve("new2").toUri().toString()
                .replaceAll("/$", ""), new LocalDirStore(Files.createDirectories(tmp.resolve("new2"))))))
                .as("a kept artifact that changed").isEmpty();
    }
}
