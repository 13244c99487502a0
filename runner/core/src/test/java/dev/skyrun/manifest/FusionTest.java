package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.gate.GateResult;
import dev.skyrun.gate.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FusionTest {

    @Test
    void theFirstReleaseIsPromotedWhenEveryGatePasses() {
        Manifest m = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
        assertThat(m.verdict()).isEqualTo(ReleaseVerdict.PROMOTED);
        assertThat(m.gates()).extracting(GateResult::verdict).containsOnly(Verdict.PASS);
        assertThat(m.previousStable()).isEmpty();
        assertThat(m.artifacts()).extracting(ArtifactEntry::id).containsExactly("textgen-lora/model", "embedder/model");
    }

    @Test
    void aSecondReleaseComparesWithTheStableOneAndIsRejectedWhenWorse() {
        Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
        Baseline baseline = Baseline.of(ManifestJson.bytes(first));
        Manifest worse = ManifestFixtures.manifest("1.1.0", 0.84, Optional.of(baseline));
        assertThat(worse.verdict()).isEqualTo(ReleaseVerdict.REJECTED);
        GateResult quality = worse.gates().get(0);
        assertThat(quality.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(quality.baseline()).contains(0.86);
        assertThat(worse.previousStable()).contains(baseline.ref());
        Manifest within = ManifestFixtures.manifest("1.1.1", 0.856, Optional.of(baseline));
        assertThat(within.verdict()).isEqualTo(ReleaseVerdict.PROMOTED);
    }

    @Test
    void aFailedStageRejectsTheReleaseEvenWithoutGates() {
        StageOutcome ok = ManifestFixtures.stage("embedder", "embed", Map.of("x", 1.0), List.of());
        StageRecord failed = new StageRecord("distill", StageRecord.Status.FAILED, Optional.empty(), Map.of(), Map.of(),
                Optional.of("exit 1"));
        Manifest m = Fusion.fuse(new ReleaseId("r", "1.0.0"), Instant.EPOCH,
                List.of(ok, new StageOutcome(failed, List.of(), List.of())), Optional.empty(),
                Provenance.ofSources(List.of()));
        assertThat(m.verdict()).isEqualTo(ReleaseVerdict.REJECTED);
    }
}
