package dev.skyrun.manifest;

import dev.skyrun.spec.GateSpec;
import java.util.List;
import java.util.Objects;

/**
 * What one stage (or site) brings to the fuse step: how it ended, its artifacts, and its gates.
 *
 * @param stage the stage record (status, image, metrics, contract digests)
 * @param artifacts its artifacts, digested and stored
 * @param gates the gates its outputs must pass
 */
public record StageOutcome(StageRecord stage, List<ArtifactEntry> artifacts, List<GateSpec> gates) {
    public StageOutcome {
        Objects.requireNonNull(stage, "stage");
        artifacts = List.copyOf(artifacts);
        gates = List.copyOf(gates);
    }
}
