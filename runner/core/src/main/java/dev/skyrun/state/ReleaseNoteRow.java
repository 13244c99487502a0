package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the release_notes table: something that happened to a release after its manifest was
 * written (the manifest itself is never rewritten): an approval or rejection of a HELD release, an
 * SLO breach with its evidence, an automatic rollback.
 *
 * @param name release name
 * @param version release version
 * @param at when
 * @param kind what happened ({@code APPROVED}, {@code REJECTED}, {@code BREACHED}, {@code AUTO_ROLLBACK})
 * @param actor who did it: a user name, or {@code skyrun watch}
 * @param reason a sentence for people
 * @param evidence JSON with the values, queries and times behind it, when there are some
 */
public record ReleaseNoteRow(String name, String version, Instant at, String kind, String actor, String reason,
        Optional<String> evidence) {
    public ReleaseNoteRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
    }
}
