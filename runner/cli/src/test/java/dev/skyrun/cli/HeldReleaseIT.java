package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate that cannot say yes or no, on the real Docker engine through the CLI: a recall within
 * the gate's inconclusive band holds the release (neither promoted nor rejected, not the stable
 * baseline) until {@code skyrun releases approve}, which records who and when; {@code reject}
 * keeps a held release out for good.
 */
class HeldReleaseIT {

    @TempDir
    Path tmp;

    @Test
    void anInconclusiveGateHoldsTheReleaseUntilApprovedAndARejectedOneNeverBecomesStable() throws Exception {
        String release = ReleasePipelines.uniqueRelease("held");
        String stage = ReleasePipelines.uniqueStage("held");
        Path spec = Files.writeString(tmp.resolve("pipeline.yaml"), """
                kind: pipeline
                name: %s
                stages:
                  - name: %s
                    task:
                      resources: {cloud: local}
                      image: %s
                      run: |
                        mkdir -p /outputs/model
                        echo weights > /outputs/model/weights.bin
                        echo '{"recall": 0.89}' > /outputs/metrics.json
                      outputs: {model: /outputs/model}
                      metrics: /outputs/metrics.json
                      gates:
                        - {name: recall, metric: recall, min: 0.9, inconclusive_within: 0.02}
                release: {name: %s, version: 1.0.0}
                """.formatted(release, stage, Docker.busybox(), release));

        JsonNode held = ReleasePipelines.launch(spec, ExitCode.RUN_FAILED, "HELD");
        JsonNode gate = ManifestChecks.gate(held, stage, "recall");
        assertThat(gate.at("/verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(gate.at("/reason").asText()).contains("within the inconclusive band 0.02");
        assertThat(ManifestChecks.violations("manifest.schema.json", held)).isEmpty();
        JsonNode listed = ReleasePipelines.release(release, "1.0.0");
        assertThat(listed.at("/verdict").asText()).isEqualTo("HELD");
        assertThat(listed.at("/stable").asText()).as("a held release is not the stable one").isEqualTo("-");
        assertThat(CliRun.of("rollback", "--previous", release).exit()).isEqualTo(ExitCode.BAD_INPUT);

        Instant before = Instant.now();
        CliRun approve = CliRun.of("releases", "approve", release + "@1.0.0", "--by", "alice", "--reason",
                "recall dip is eval noise");
        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).contains(release + "@1.0.0 is PROMOTED (approved by alice at ");
        JsonNode approved = ReleasePipelines.release(release, "1.0.0");
        assertThat(approved.at("/verdict").asText()).isEqualTo("PROMOTED");
        assertThat(approved.at("/manifest_verdict").asText()).isEqualTo("HELD");
        assertThat(approved.at("/stable").asText()).isEqualTo("current");
        assertThat(approved.at("/notes/0/kind").asText()).isEqualTo("APPROVED");
        assertThat(approved.at("/notes/0/actor").asText()).isEqualTo("alice");
        assertThat(approved.at("/notes/0/reason").asText()).isEqualTo("recall dip is eval noise");
        assertThat(Instant.parse(approved.at("/notes/0/at").asText())).isBetween(before, Instant.now());

        JsonNode second = ReleasePipelines.launch(spec, ExitCode.RUN_FAILED, "HELD");
        assertThat(second.at("/previous_stable/version").asText()).as("the approved release is the baseline")
                .isEqualTo("1.0.0");
        CliRun reject = CliRun.of("releases", "reject", release + "@1.0.0+2", "--by", "bob");
        assertThat(reject.exit()).as(reject.err()).isZero();
        JsonNode rejected = ReleasePipelines.release(release, "1.0.0+2");
        assertThat(rejected.at("/verdict").asText()).isEqualTo("REJECTED");
        assertThat(rejected.at("/notes/0/actor").asText()).isEqualTo("bob");
        assertThat(ReleasePipelines.release(release, "1.0.0").at("/stable").asText()).isEqualTo("current");

        CliRun again = CliRun.of("releases", "approve", release + "@1.0.0+2");
        assertThat(again.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains(release + "@1.0.0+2 is REJECTED, not HELD");
        assertThat(CliRun.of("releases", release).out()).containsPattern(release + "@1\\.0\\.0 .* PROMOTED +current ")
                .contains("APPROVED ").contains(" by alice: recall dip is eval noise");
        ReleasePipelines.assertNothingLeft(stage);
    }
}
