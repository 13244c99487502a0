package dev.skyrun.manifest;

import dev.skyrun.gate.GateEvaluator;
import dev.skyrun.gate.GateResult;
import dev.skyrun.gate.Observation;
import dev.skyrun.schema.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gate + fuse step, shared by pipeline runs and {@code skyrun fuse}: evaluates every stage's
 * gates against the stable baseline and assembles the fused manifest. Pure: no I/O.
 *
 * <p>A release is PROMOTED only when every stage SUCCEEDED and every gate PASSed; HELD when every
 * stage SUCCEEDED and the gates that did not pass are all INCONCLUSIVE; else REJECTED.
 */
public final class Fusion {

    private Fusion() {}

    /**
     * Fuses stage outcomes into one release manifest.
     *
     * @param release name and version of the new release
     * @param created when it is made
     * @param stages every stage or site, in order; names must be unique
     * @param baseline the current stable release, if there is one
     * @param provenance spec or sources, catalog, run, rollback origin
     */
    public static Manifest fuse(ReleaseId release, Instant created, List<StageOutcome> stages,
            Optional<Baseline> baseline, Provenance provenance) {
        Set<String> names = new HashSet<>();
        List<StageRecord> records = new ArrayList<>();
        List<ArtifactEntry> artifacts = new ArrayList<>();
        List<GateResult> gates = new ArrayList<>();
        for (StageOutcome s : stages) {
            String name = s.stage().name();
            if (!names.add(name)) {
                throw new InvalidInputException("stage or site '" + name + "' appears twice; each must be fused once");
            }
            Optional<Observation> base = baseline.map(b -> b.manifest().stage(name)
                    .map(StageRecord::observation).orElse(Observation.EMPTY));
            gates.addAll(GateEvaluator.evaluate(name, s.gates(), s.stage().observation(), base));
            records.add(s.stage());
            artifacts.addAll(s.artifacts());
        }
        boolean allSucceeded = records.stream().allMatch(r -> r.status() == StageRecord.Status.SUCCEEDED);
        ReleaseVerdict verdict = !allSucceeded ? ReleaseVerdict.REJECTED
                : GateEvaluator.promotable(gates) ? ReleaseVerdict.PROMOTED
                : GateEvaluator.held(gates) ? ReleaseVerdict.HELD : ReleaseVerdict.REJECTED;
        return new Manifest(release, created, verdict, provenance.spec(), provenance.sources(),
                provenance.catalogVersion(), provenance.runId(), records, artifacts, gates,
                baseline.map(Baseline::ref), provenance.rollbackOf());
    }
}
