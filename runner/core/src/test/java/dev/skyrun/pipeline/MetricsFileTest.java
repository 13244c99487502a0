package dev.skyrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsAnObjectOfNumbers() throws Exception {
        Path f = Files.writeString(tmp.resolve("m.json"), "{\"eval_accuracy\": 0.86, \"p95_ms\": 180}");
        assertThat(MetricsFile.read(f, "textgen", "/outputs/metrics.json"))
                .containsEntry("eval_accuracy", 0.86).containsEntry("p95_ms", 180.0);
    }

    @Test
    void aMetricNameTheJobWroteMustFollowTheSchemasRule() throws Exception {
        Path f = Files.writeString(tmp.resolve("m.json"), "{\"acc;$(id)\": 0.86}");
        assertThatThrownBy(() -> MetricsFile.read(f, "textgen", "/outputs/metrics.json"))
                .isInstanceOf(StageFailedException.class)
                .hasMessageStartingWith("stage textgen: metric name 'acc;$(id)' in /outputs/metrics.json is not valid");
    }

    @Test
    void missingOrMalformedMetricsAreAClearStageError() throws Exception {
        assertThatThrownBy(() -> MetricsFile.read(tmp.resolve("none.json"), "textgen", "/outputs/metrics.json"))
                .isInstanceOf(StageFailedException.class)
                .hasMessage("stage textgen wrote no metrics file at /outputs/metrics.json (the spec's metrics: path);"
                        + " write a JSON object of numbers there");
        Path text = Files.writeString(tmp.resolve("t.json"), "{\"eval_accuracy\": \"high\"}");
        assertThatThrownBy(() -> MetricsFile.read(text, "textgen", "/outputs/metrics.json"))
                .hasMessage("stage textgen: metric 'eval_accuracy' in /outputs/metrics.json is \"high\", not a number");
        Path broken = Files.writeString(tmp.resolve("b.json"), "{\"eval_accuracy\": 0.8");
        assertThatThrownBy(() -> MetricsFile.read(broken, "textgen", "/outputs/metrics.json"))
                .hasMessageStartingWith("stage textgen: metrics file /outputs/metrics.json is not valid JSON");
        Path list = Files.writeString(tmp.resolve("l.json"), "[1, 2]");
        assertThatThrownBy(() -> MetricsFile.read(list, "textgen", "/outputs/metrics.json"))
                .hasMessageEndingWith("must hold a JSON object of numbers, got array");
    }
}
