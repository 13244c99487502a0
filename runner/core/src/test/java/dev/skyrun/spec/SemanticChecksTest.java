package dev.skyrun.spec;

import static dev.skyrun.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checks after the schema: names, hardware, paths, needs, gates. */
class SemanticChecksTest {

    @Test
    void mountModesStreamBucketsOnlyAndTheCheckpointDirTakesTheCachedOne() {
        assertThat(problems("invalid/mount-modes.yaml")).containsExactly(
                "invalid/mount-modes.yaml:6:13: file mount /data: mode MOUNT streams a bucket, but './data' is not one"
                        + " (give a bucket (s3://BUCKET/PREFIX, gs://..., az://...), or drop mode: to copy or bind a local path)",
                "invalid/mount-modes.yaml:10:11: file mount /ckpt is the checkpoint directory: mode MOUNT streams writes and"
                        + " cannot rewrite a checkpoint in place (use mode: MOUNT_CACHED (written back, flushed before each"
                        + " attempt ends) or COPY)");
    }

    @Test
    void unknownAcceleratorGetsSuggestions() {
        assertThat(problems("invalid/unknown-accelerator.yaml")).containsExactly(
                "invalid/unknown-accelerator.yaml:3:17: unknown accelerator 'A100-80G' (did you mean 'A100-80GB' or 'A100' or 'A10'?)");
    }

    @Test
    void everySemanticProblemIsReportedAtOnceInFileOrder() {
        assertThat(problems("invalid/semantics.yaml")).containsExactly(
                "invalid/semantics.yaml:1:7: task name 'Trainer__-1' is not valid: letters, digits and '-', '_' or '.'"
                        + " between them, starting and ending with a letter or digit; its cluster name (lower-case, '-' for"
                        + " '_' and '.') at most 63 characters (e.g. 'trainer-1')",
                "invalid/semantics.yaml:3:27: unknown accelerator 'Z9000' (did you mean 'A4000' or 'A5000' or 'A6000'?)",
                "invalid/semantics.yaml:4:10: unknown cloud 'awz' (did you mean 'aws'?)",
                "invalid/semantics.yaml:6:3: environment variable name '1BAD' is not valid"
                        + " (use letters, digits and '_', not starting with a digit, e.g. '_1BAD')",
                "invalid/semantics.yaml:9:3: secret name 'my-token' is not valid"
                        + " (use letters, digits and '_', not starting with a digit, e.g. 'my_token')",
                "invalid/semantics.yaml:11:3: mount path '/data/../etc' contains '..' (write the path without '.' or '..' segments)",
                "invalid/semantics.yaml:13:3: mount path '/skyrun/checkpoints/warm' overlaps the checkpoint directory at '/skyrun/checkpoints'"
                        + " (use a separate directory, e.g. '/data/warm')",
                "invalid/semantics.yaml:15:3: mount path '/in/nested' overlaps mount at '/in' (use a separate directory, e.g. '/data/nested')",
                "invalid/semantics.yaml:20:29: gate 'quality' reads metric 'eval_acuracy' which the task does not produce"
                        + " (did you mean 'eval_accuracy'?)");
    }

    @Test
    void aGateNeedsATaskThatProducesMetrics() {
        assertThat(problems("invalid/gate-without-metrics.yaml")).containsExactly(
                "invalid/gate-without-metrics.yaml:4:29: gate 'quality' reads metric 'eval_accuracy' but the task produces no metrics"
                        + " (declare them: metrics: {path: /outputs/metrics.json, names: [eval_accuracy]})");
    }

    @Test
    void cyclicDanglingAndMissingStagesAreReported() {
        assertThat(problems("invalid/pipeline-needs.yaml")).containsExactly(
                "invalid/pipeline-needs.yaml:8:13: stages need each other in a cycle: a -> c -> b -> a (remove one of these needs)",
                "invalid/pipeline-needs.yaml:8:16: stage 'b' needs 'embeder', which is not a stage (stages: a, b, c, d)",
                "invalid/pipeline-needs.yaml:14:11: stage 'd': task file 'stages/missing.yaml' does not exist"
                        + " (paths are relative to the pipeline file, here invalid/stages/missing.yaml)");
    }
}
