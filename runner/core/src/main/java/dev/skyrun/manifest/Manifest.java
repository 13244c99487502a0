package dev.skyrun.manifest;

import dev.skyrun.gate.GateResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fused release manifest: one release of a pipeline (or of fused site manifests), its
 * artifacts with digests, its gate verdicts and whether it was promoted. Schema:
 * {@code schemas/manifest.schema.json}; bytes: {@link ManifestJson#bytes} (canonical JSON).
 *
 * @param release name and version
 * @param created when it was made (UTC, millisecond precision)
 * @param verdict PROMOTED or REJECTED
 * @param spec the spec it was built from (a pipeline run), or empty (fused from site manifests)
 * @param sources the site manifests and gates file it was fused from (empty for a pipeline run)
 * @param catalogVersion the catalog version the run's placements were planned with
 * @param runId the run that produced it, when a run did
 * @param stages every stage or site, in order
 * @param artifacts every artifact, by stage then output name
 * @param gates every gate result, by stage then gate order
 * @param previousStable the stable release when this one was made (its baseline)
 * @param rollbackOf the release this one re-ran, when it is a rollback
 */
public record Manifest(
        ReleaseId release, Instant created, ReleaseVerdict verdict, Optional<SpecRecord> spec,
        List<SourceRecord> sources, Optional<String> catalogVersion, Optional<String> runId,
        List<StageRecord> stages, List<ArtifactEntry> artifacts, List<GateResult> gates,
        Optional<ReleaseRef> previousStable, Optional<ReleaseRef> rollbackOf) {

    /** The format version written in every manifest ({@code "format": 1}). */
    public static final int FORMAT = 1;

    public Manifest {
        Objects.requireNonNull(release, "release");
        created = created.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(spec, "spec");
        sources = List.copyOf(sources);
        Objects.requireNonNull(catalogVersion, "catalogVersion");
        Objects.requireNonNull(runId, "runId");
        stages = List.copyOf(stages);
        artifacts = List.copyOf(artifacts);
        gates = List.copyOf(gates);
        Objects.requireNonNull(previousStable, "previousStable");
        Objects.requireNonNull(rollbackOf, "rollbackOf");
    }

    /** A stage by name. */
    public Optional<StageRecord> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether this release was promoted. */
    public boolean promoted() {
        return verdict == ReleaseVerdict.PROMOTED;
    }
}
