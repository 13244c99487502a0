package dev.skyrun.review;

/** How one task or stage compares between two specs. */
public enum Status {
    /** Only in the new spec. */
    ADDED,
    /** Only in the old spec. */
    REMOVED,
    /** In both, something differs. */
    CHANGED,
    /** In both, nothing differs. */
    UNCHANGED
}
