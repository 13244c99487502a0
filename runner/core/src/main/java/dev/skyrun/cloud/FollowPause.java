package dev.skyrun.cloud;

import java.time.Duration;

/**
 * The pause between two reads of a followed log ({@link LogQuery#follow()}): every log follower
 * (the VM status reader's, and the plug-ins' own for managed services and pods) waits here. An
 * interrupt ends the following quietly, not as an error: the reader returns with the lines it has
 * handed on, the thread's interrupt status set again.
 */
public final class FollowPause {

    private FollowPause() {}

    /**
     * Waits {@code poll}. False when the thread was interrupted (before or while waiting): the
     * caller stops following; the interrupt status is set again.
     */
    public static boolean sleep(Duration poll) {
        try {
            Thread.sleep(poll);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
