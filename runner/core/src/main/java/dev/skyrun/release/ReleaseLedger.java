package dev.skyrun.release;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseVerdict;
import dev.skyrun.state.ReleaseRow;
import dev.skyrun.state.Releases;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The release history kept in state: manifests in, {@link ReleaseHistory} and baselines out. */
public final class ReleaseLedger {

    /** keep_stable when a pipeline has no release block. */
    public static final int DEFAULT_KEEP_STABLE = 3;

    private final Releases releases;

    public ReleaseLedger(Releases releases) {
        this.releases = releases;
    }

    /** Records a release's manifest (once). */
    public ReleaseEntry record(Manifest m, byte[] bytes, Optional<String> publishedUri, int keepStable) {
        ReleaseEntry e = ReleaseEntry.of(m, bytes, publishedUri);
        releases.insert(new ReleaseRow(m.release().name(), m.release().version(), m.created(), m.verdict().name(),
                e.manifestSha256(), publishedUri, m.runId(), e.rollbackOf().map(ReleaseId::toString), keepStable, bytes));
        return e;
    }

    /** The history of a release name; keep_stable is the newest release's. */
    public ReleaseHistory history(String name) {
        List<ReleaseRow> rows = releases.history(name);
        int keep = rows.stream().findFirst().map(ReleaseRow::keepStable).orElse(DEFAULT_KEEP_STABLE);
        return new ReleaseHistory(name, rows.stream().map(ReleaseLedger::entry).toList(), keep);
    }

    /** Every release name with history. */
    public List<String> names() {
        return releases.names();
    }

    /** The manifest bytes kept in state for a release. */
    public byte[] manifestBytes(ReleaseId id) {
        return releases.find(id.name(), id.version()).map(ReleaseRow::manifest).orElseThrow(
                () -> new IllegalArgumentException("no release " + id + " in state"));
    }

    /** The current stable release of a name, as the baseline new gates compare with. */
    public Optional<Baseline> baseline(String name) {
        return history(name).stable().map(e -> Baseline.of(manifestBytes(e.release())));
    }

    /**
     * The version a new release of {@code name} gets: the spec's, or {@code VERSION+N} when that
     * one is in state or {@code takenElsewhere} (e.g. its manifest is already published by
     * another skyrun home, or left in the releases directory).
     */
    public String nextVersion(String name, String version, Predicate<String> takenElsewhere) {
        List<String> taken = releases.history(name).stream().map(ReleaseRow::version).toList();
        Predicate<String> isTaken = v -> taken.contains(v) || takenElsewhere.test(v);
        if (!isTaken.test(version)) {
            return version;
        }
        String base = version + (version.contains("+") ? "." : "+");
        for (int n = 2; ; n++) {
            if (!isTaken.test(base + n)) {
                return base + n;
            }
        }
    }

    private static ReleaseEntry entry(ReleaseRow r) {
        return new ReleaseEntry(new ReleaseId(r.name(), r.version()), r.createdAt(), ReleaseVerdict.valueOf(r.verdict()),
                r.manifestSha256(), r.manifestUri(), r.runId(), r.rollbackOf().map(ReleaseId::parse));
    }
}
