package dev.skyrun.release;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseVerdict;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.state.ReleaseNoteRow;
import dev.skyrun.state.ReleaseRow;
import dev.skyrun.state.Releases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The release history kept in state: manifests in, {@link ReleaseHistory} and baselines out. */
public final class ReleaseLedger {

    /** keep_stable when a pipeline has no release block. */
    public static final int DEFAULT_KEEP_STABLE = 3;

    private final Releases releases;
    private final Optional<Path> releasesDir;

    /** A ledger over the state's releases table alone. */
    public ReleaseLedger(Releases releases) {
        this(releases, Optional.empty());
    }

    /**
     * A ledger that also checks the home's manifest copies ({@code releasesDir/NAME/NAME@VERSION.json})
     * whenever it reads a manifest.
     */
    public ReleaseLedger(Releases releases, Optional<Path> releasesDir) {
        this.releases = releases;
        this.releasesDir = releasesDir;
    }

    /** Records a release's manifest (once). */
    public ReleaseEntry record(Manifest m, byte[] bytes, Optional<String> publishedUri, int keepStable) {
        ReleaseEntry e = ReleaseEntry.of(m, bytes, publishedUri);
        releases.insert(new ReleaseRow(m.release().name(), m.release().version(), m.created(), m.verdict().name(),
                e.manifestSha256(), publishedUri, m.runId(), e.rollbackOf().map(ReleaseId::toString), keepStable, bytes));
        return e;
    }

    /** The history of a release name, with the notes made since; keep_stable is the newest release's. */
    public ReleaseHistory history(String name) {
        List<ReleaseRow> rows = releases.history(name);
        int keep = rows.stream().findFirst().map(ReleaseRow::keepStable).orElse(DEFAULT_KEEP_STABLE);
        Map<String, List<ReleaseNote>> notes = new HashMap<>();
        for (ReleaseNoteRow n : releases.notes().of(name)) {
            notes.computeIfAbsent(n.version(), v -> new ArrayList<>()).add(new ReleaseNote(
                    ReleaseNote.Kind.valueOf(n.kind()), n.at(), n.actor(), n.reason(), n.evidence()));
        }
        return new ReleaseHistory(name, rows.stream().map(r -> entry(r, notes.getOrDefault(r.version(), List.of())))
                .toList(), keep);
    }

    /** Adds a note to a release (it must be in state). */
    public void note(ReleaseId id, ReleaseNote note) {
        releases.find(id.name(), id.version()).orElseThrow(() -> new InvalidInputException("no release " + id + " in state"));
        releases.notes().add(new ReleaseNoteRow(id.name(), id.version(), note.at(), note.kind().name(), note.actor(),
                note.reason(), note.evidence()));
    }

    /**
     * Approves or rejects a HELD release, recording who and when.
     *
     * @param release {@code NAME@VERSION}
     * @param approve true to approve (it becomes the stable release), false to reject
     * @return its history line as it stands after the decision
     * @throws InvalidInputException when there is no such release or it is not HELD
     */
    public ReleaseEntry decide(String release, boolean approve, String actor, String reason) {
        ReleaseId id = ReleaseId.parse(release);
        ReleaseEntry e = history(id.name()).find(release).orElseThrow(() -> new InvalidInputException(
                "no release " + release + " in state; skyrun releases " + id.name() + " lists them"));
        if (e.status() != ReleaseStatus.HELD) {
            throw new InvalidInputException(release + " is " + e.status() + ", not HELD; only a held release is approved"
                    + " or rejected (skyrun releases " + id.name() + " shows each one's status)");
        }
        ReleaseNote note = new ReleaseNote(approve ? ReleaseNote.Kind.APPROVED : ReleaseNote.Kind.REJECTED,
                java.time.Instant.now(), actor, reason, Optional.empty());
        note(id, note);
        return e.with(note);
    }

    /** Every release name with history. */
    public List<String> names() {
        return releases.names();
    }

    /**
     * The manifest bytes kept in state for a release, verified: their sha256 must be the one
     * recorded, and so must the home's copy's.
     *
     * @throws InvalidInputException naming the release and the copy that changed
     */
    public byte[] manifestBytes(ReleaseId id) {
        ReleaseRow row = releases.find(id.name(), id.version()).orElseThrow(
                () -> new InvalidInputException("no release " + id + " in state"));
        String kept = Digests.sha256(row.manifest());
        if (!kept.equals(row.manifestSha256())) {
            throw changed(id, "the state's copy", kept, row.manifestSha256());
        }
        Optional<Path> copy = releasesDir.map(d -> d.resolve(id.name()).resolve(id + ".json"));
        if (copy.isPresent() && Files.isRegularFile(copy.get())) {
            String file;
            try {
                file = Digests.sha256(Files.readAllBytes(copy.get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!file.equals(row.manifestSha256())) {
                throw changed(id, copy.get().toString(), file, row.manifestSha256());
            }
        }
        return row.manifest();
    }

    private static InvalidInputException changed(ReleaseId id, String where, String actual, String recorded) {
        return new InvalidInputException("the manifest of " + id + " changed: " + where + " has sha256 " + actual
                + " but " + recorded + " was recorded; nothing is judged against, or rolled back to, a changed"
                + " manifest: restore it (skyrun releases " + id.name() + " lists the recorded digests)");
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

    private static ReleaseEntry entry(ReleaseRow r, List<ReleaseNote> notes) {
        return new ReleaseEntry(new ReleaseId(r.name(), r.version()), r.createdAt(), ReleaseVerdict.valueOf(r.verdict()),
                r.manifestSha256(), r.manifestUri(), r.runId(), r.rollbackOf().map(ReleaseId::parse), notes);
    }
}
