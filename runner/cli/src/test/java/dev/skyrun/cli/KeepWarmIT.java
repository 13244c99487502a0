package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep warm on the real Docker engine: a rollback to a kept release whose stages are unchanged
 * re-uses their kept results (the same artifact digests, copied into the new run's store) and
 * starts no job container for them; the engine's own event log is the witness.
 */
class KeepWarmIT {

    @TempDir
    Path tmp;

    @Test
    void aRollbackOfAKeptReleaseWithUnchangedStagesStartsNoJobContainer() throws Exception {
        String release = ReleasePipelines.uniqueRelease("warm");
        String stage = ReleasePipelines.uniqueStage("warm");
        Path dir = tmp.resolve(release);
        JsonNode first = ReleasePipelines.launch(ReleasePipelines.write(dir, stage, release, "1.0.0", "{\"acc\": 0.9}", ""),
                0, "PROMOTED");
        try (Docker.CreationWatch launch = Docker.CreationWatch.start("skyrun-run")) {
            ReleasePipelines.launch(ReleasePipelines.write(dir, stage, release, "2.0.0", "{\"acc\": 0.91}", ""), 0, "PROMOTED");
            assertThat(launch.await(stage, 2, 10)).as("the probe sees the job containers of a launch")
                    .hasSizeGreaterThanOrEqualTo(2);
        }

        CliRun run;
        List<String> createdByRollback;
        try (Docker.CreationWatch rollbackWatch = Docker.CreationWatch.start("skyrun-run")) {
            run = CliRun.of("rollback", "--previous", release, "-o", "json");
            createdByRollback = rollbackWatch.settled(stage);
        }
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode rollback = TaskFiles.status(run.out());
        assertThat(rollback.at("/verdict").asText()).isEqualTo("PROMOTED");
        assertThat(rollback.at("/rollback_of/version").asText()).isEqualTo("1.0.0");
        assertThat(createdByRollback).as("job containers started by the rollback").isEmpty();

        for (String s : List.of(stage + "-a", stage + "-b")) {
            JsonNode kept = ManifestChecks.find(first.at("/stages"), "name", s);
            JsonNode again = ManifestChecks.find(rollback.at("/stages"), "name", s);
            assertThat(again.at("/reused_from").asText()).as(s).isEqualTo(release + "@1.0.0");
            assertThat(again.at("/inputs_sha256").asText()).as(s).isEqualTo(kept.at("/inputs_sha256").asText()).hasSize(64);
            assertThat(again.at("/metrics")).isEqualTo(kept.at("/metrics"));
            JsonNode keptModel = ManifestChecks.find(first.at("/artifacts"), "id", s + "/model");
            JsonNode model = ManifestChecks.find(rollback.at("/artifacts"), "id", s + "/model");
            assertThat(model.at("/sha256").asText()).isEqualTo(keptModel.at("/sha256").asText());
            assertThat(model.at("/uri").asText()).isNotEqualTo(keptModel.at("/uri").asText())
                    .startsWith("file:").contains("/" + rollback.at("/run_id").asText() + "/");
            assertThat(ManifestChecks.path(model.at("/uri").asText()).resolve("weights.bin"))
                    .hasContent(s + " 1.0.0");
        }
        assertThat(ManifestChecks.violations("manifest.schema.json", rollback)).isEmpty();
        ReleasePipelines.assertNothingLeft(stage);
    }
}
