package dev.skyrun.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a release comes from: the spec (a pipeline run) or the site manifests (a fuse), the
 * catalog and run, and the release it re-runs when it is a rollback.
 *
 * @param spec the recorded spec, for a pipeline run
 * @param sources the input files, for a fuse
 * @param catalogVersion the catalog version placements were planned with
 * @param runId the run that produced the release
 * @param rollbackOf the release this one re-ran
 */
public record Provenance(Optional<SpecRecord> spec, List<SourceRecord> sources, Optional<String> catalogVersion,
        Optional<String> runId, Optional<ReleaseRef> rollbackOf) {
    public Provenance {
        Objects.requireNonNull(spec, "spec");
        sources = List.copyOf(sources);
        Objects.requireNonNull(catalogVersion, "catalogVersion");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rollbackOf, "rollbackOf");
    }

    /** The provenance of a fuse of input files. */
    public static Provenance ofSources(List<SourceRecord> sources) {
        return new Provenance(Optional.empty(), sources, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
