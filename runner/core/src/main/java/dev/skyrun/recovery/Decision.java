package dev.skyrun.recovery;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.state.RunStatus;
import java.time.Duration;

/** What the controller does after an attempt ends. Closed: the controller switches over it. */
public sealed interface Decision {

    /**
     * The run ends.
     *
     * @param status how
     * @param reason why
     */
    record Finish(RunStatus status, String reason) implements Decision {}

    /**
     * Another attempt.
     *
     * @param next where it goes, relative to the last attempt's placement
     * @param backoff how long to wait before it
     * @param countsAgainstBudget whether it uses one of {@code max_restarts_on_errors}
     * @param reason why
     */
    record Retry(Next next, Duration backoff, boolean countsAgainstBudget, String reason) implements Decision {}

    /** Where the next attempt goes, relative to the last attempt's placement. */
    enum Next {
        /** The same placement again. */
        SAME,
        /**
         * The same placement again; if that is refused, the other placements of its region before
         * the rest of the plan ({@code FAILOVER} after a preemption).
         */
        SAME_REGION_FIRST,
        /** Rule out the placement's zone (its instance type there) for the rest of the run. */
        BLOCK_ZONE,
        /** Rule out the placement's region for the rest of the run. */
        BLOCK_REGION,
        /** Rule out the placement's cloud for the rest of the run. */
        BLOCK_CLOUD,
        /**
         * The first placement outside the region; the region again only when nothing else is
         * left ({@code EAGER_NEXT_REGION} after a preemption).
         */
        AVOID_REGION,
        /** Forget every block and plan again from the top ({@code --retry-until-up}). */
        REPLAN;

        /** What the move does, for the event log ({@code "same placement again"}). */
        public String describe() {
            return switch (this) {
                case SAME -> "same placement again";
                case SAME_REGION_FIRST -> "same placement again, then its region's others";
                case BLOCK_ZONE -> "zone blocked, next placement";
                case BLOCK_REGION -> "region blocked, next placement";
                case BLOCK_CLOUD -> "cloud blocked, next placement";
                case AVOID_REGION -> "next placement outside the region";
                case REPLAN -> "every block lifted, planning again";
            };
        }

        /** The block a capacity error of {@code scope} asks for. */
        public static Next block(CapacityException.Scope scope) {
            return switch (scope) {
                case ZONE -> BLOCK_ZONE;
                case REGION -> BLOCK_REGION;
                case CLOUD -> BLOCK_CLOUD;
            };
        }
    }
}
