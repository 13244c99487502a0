package dev.skyrun.release;

/**
 * Where a release stands now: its manifest's verdict as changed by the notes made since
 * (an approval, a rejection, an SLO breach).
 */
public enum ReleaseStatus {
    /** Promoted by its gates, or approved while held, and not breached since. */
    PROMOTED,
    /** Its gates were inconclusive and nobody has approved or rejected it yet. */
    HELD,
    /** Its gates or stages failed, or a person rejected it while it was held. */
    REJECTED,
    /** It was promoted, then an SLO breached and {@code skyrun watch} rolled it back. */
    BREACHED
}
