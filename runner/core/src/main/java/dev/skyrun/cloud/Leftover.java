package dev.skyrun.cloud;

import java.util.Objects;

/**
 * Something a teardown could not remove (or could not confirm removed), kept for a later
 * {@code skyrun down}: what it is and why it is still there.
 *
 * @param cloud the cloud holding it
 * @param what the resource ({@code instance i-0abc}) or, when it could not even be listed, its kind ({@code placement-group})
 * @param why what failed, as the provider answered
 * @param compute whether it is compute (it may still bill) rather than an auxiliary
 */
public record Leftover(String cloud, String what, String why, boolean compute) {
    public Leftover {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
    }

    /** {@code aws instance i-0abc (not terminated after 600 s)}. */
    public String describe() {
        return cloud + " " + what + " (" + why + ")";
    }
}
