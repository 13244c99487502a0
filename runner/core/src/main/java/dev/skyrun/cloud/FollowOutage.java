package dev.skyrun.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * How a log follower ({@link LogQuery#follow()}) meets polls that fail: the store or the provider not
 * answering for a while loses no line, so a failed poll is skipped and the next one tries again, until the
 * failures have lasted {@link #LIMIT}; then the last failure ends the following. One per following: the
 * VM status reader's follower and SageMaker's CloudWatch reader keep one each (the Kubernetes client retries
 * a failing log read on its own, about ten times with a growing pause).
 */
public final class FollowOutage {

    /** How long following goes on through failing polls. */
    public static final Duration LIMIT = Duration.ofMinutes(5);

    private Instant since;

    /** A poll read what it asked for: the failures, if any, are over. */
    public void answered() {
        since = null;
    }

    /**
     * A poll failed with {@code e}: returns when the failures have lasted less than {@link #LIMIT}, so the
     * caller pauses and polls again; else throws {@code e}.
     */
    public void failed(CloudException e) {
        Instant now = Instant.now();
        since = since == null ? now : since;
        if (Duration.between(since, now).compareTo(LIMIT) > 0) {
            throw e;
        }
    }
}
