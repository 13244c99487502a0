package dev.skyrun.release;

import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseRef;
import dev.skyrun.manifest.ReleaseVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the release history: a release, its verdict, and where its manifest is.
 *
 * @param release name and version
 * @param created when its manifest was made
 * @param verdict PROMOTED or REJECTED
 * @param manifestSha256 hex sha256 of its canonical manifest bytes
 * @param manifestUri where the manifest was published ({@code release.publish}), if anywhere
 * @param runId the run that produced it, when a run did
 * @param rollbackOf the release it re-ran, when it is a rollback
 * @param notes what happened to it since, oldest first
 */
public record ReleaseEntry(ReleaseId release, Instant created, ReleaseVerdict verdict, String manifestSha256,
        Optional<String> manifestUri, Optional<String> runId, Optional<ReleaseId> rollbackOf, List<ReleaseNote> notes) {

    /** A history line without notes. */
    public ReleaseEntry(ReleaseId release, Instant created, ReleaseVerdict verdict, String manifestSha256,
            Optional<String> manifestUri, Optional<String> runId, Optional<ReleaseId> rollbackOf) {
        this(release, created, verdict, manifestSha256, manifestUri, runId, rollbackOf, List.of());
    }

    public ReleaseEntry {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(manifestUri, "manifestUri");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(rollbackOf, "rollbackOf");
        notes = List.copyOf(notes);
    }

    /** Where it stands now: the verdict as the notes since changed it. */
    public ReleaseStatus status() {
        if (note(ReleaseNote.Kind.BREACHED).isPresent()) {
            return ReleaseStatus.BREACHED;
        }
        return switch (verdict) {
            case PROMOTED -> ReleaseStatus.PROMOTED;
            case REJECTED -> ReleaseStatus.REJECTED;
            case HELD -> note(ReleaseNote.Kind.APPROVED).isPresent() ? ReleaseStatus.PROMOTED
                    : note(ReleaseNote.Kind.REJECTED).isPresent() ? ReleaseStatus.REJECTED : ReleaseStatus.HELD;
        };
    }

    /** When it became promoted: when it was made, or when it was approved. */
    public Instant promotedAt() {
        return note(ReleaseNote.Kind.APPROVED).map(ReleaseNote::at).orElse(created);
    }

    /** Its first note of a kind. */
    public Optional<ReleaseNote> note(ReleaseNote.Kind kind) {
        return notes.stream().filter(n -> n.kind() == kind).findFirst();
    }

    /** This line with one more note. */
    public ReleaseEntry with(ReleaseNote note) {
        List<ReleaseNote> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ReleaseEntry(release, created, verdict, manifestSha256, manifestUri, runId, rollbackOf, more);
    }

    /** The history line of a manifest with these bytes. */
    public static ReleaseEntry of(Manifest m, byte[] canonicalBytes, Optional<String> manifestUri) {
        return new ReleaseEntry(m.release(), m.created(), m.verdict(), Digests.sha256(canonicalBytes), manifestUri,
                m.runId(), m.rollbackOf().map(ReleaseRef::release));
    }
}
