package dev.skyrun.release;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a release after its manifest was written: a person approved or
 * rejected it while it was HELD, {@code skyrun watch} found an SLO breached, or a release is an
 * automatic rollback.
 *
 * @param kind what happened
 * @param at when
 * @param actor who: a user name, or {@code skyrun watch}
 * @param reason a sentence for people
 * @param evidence JSON with the values, queries and times behind it, when there are some
 */
public record ReleaseNote(Kind kind, Instant at, String actor, String reason, Optional<String> evidence) {

    /** The kinds of note. */
    public enum Kind {
        /** A HELD release was approved: it is promoted from then on. */
        APPROVED,
        /** A HELD release was rejected. */
        REJECTED,
        /** An SLO of this release was breached: it is no longer stable nor a rollback target. */
        BREACHED,
        /** This release was made by {@code skyrun watch} rolling back a breached release. */
        AUTO_ROLLBACK
    }

    /** The actor {@code skyrun watch} records. */
    public static final String WATCH = "skyrun watch";

    public ReleaseNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
    }
}
