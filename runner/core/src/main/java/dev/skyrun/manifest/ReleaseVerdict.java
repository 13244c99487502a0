package dev.skyrun.manifest;

/** A release's overall verdict. */
public enum ReleaseVerdict {
    /** Every stage succeeded and every gate passed: the release becomes the stable one. */
    PROMOTED,
    /** A stage failed or a gate did not pass: recorded, never promoted. */
    REJECTED
}
