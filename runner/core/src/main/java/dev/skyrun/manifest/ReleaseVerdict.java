package dev.skyrun.manifest;

/** A release's overall verdict. */
public enum ReleaseVerdict {
    /** Every stage succeeded and every gate passed: the release becomes the stable one. */
    PROMOTED,
    /** A stage failed or a gate did not pass: recorded, never promoted. */
    REJECTED,
    /**
     * Every stage succeeded, no gate failed, but at least one was INCONCLUSIVE: neither promoted nor
     * rejected until {@code skyrun releases approve|reject NAME@VERSION} decides.
     */
    HELD
}
