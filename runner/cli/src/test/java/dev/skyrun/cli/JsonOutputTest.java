package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonOutputTest {

    record StageView(String stageName, Optional<String> cloud, Optional<Double> hourlyUsd, Path manifest) {}

    record RunView(String runId, List<StageView> stages, List<String> warnings) {}

    @Test
    void writesSnakeCaseFieldsAndLeavesOutAbsentOptionals() throws Exception {
        RunView view = new RunView("r-1", List.of(
                new StageView("train", Optional.of("aws"), Optional.empty(), Path.of("out/m.json"))), List.of());

        JsonNode json = new ObjectMapper().readTree(JsonOutput.toJson(view));

        assertThat(json.get("run_id").asText()).isEqualTo("r-1");
        JsonNode stage = json.get("stages").get(0);
        assertThat(stage.get("stage_name").asText()).isEqualTo("train");
        assertThat(stage.get("cloud").asText()).isEqualTo("aws");
        assertThat(stage.has("hourly_usd")).isFalse();
        assertThat(stage.get("manifest").asText()).isEqualTo("out/m.json");
        assertThat(json.get("warnings").isArray()).isTrue();
    }

    record Timed(java.time.Instant createdAt, Optional<java.time.Instant> endedAt) {}

    @Test
    void writesInstantsAsIso8601() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-11-30T09:28:43.123Z");

        JsonNode json = new ObjectMapper().readTree(JsonOutput.toJson(new Timed(at, Optional.of(at.plusSeconds(2)))));

        assertThat(json.get("created_at").asText()).isEqualTo("2026-11-30T09:28:43.123Z");
        assertThat(java.time.Instant.parse(json.get("ended_at").asText())).isEqualTo(at.plusSeconds(2));
    }
}
