package dev.skyrun.spec;

import java.util.List;
import java.util.Objects;

/**
 * How a managed job recovers: SkyPilot's {@code job_recovery}.
 *
 * <pre>{@code
 * job_recovery: EAGER_NEXT_REGION
 * job_recovery: {strategy: FAILOVER, max_restarts_on_errors: 2, recover_on_exit_codes: [33]}
 * }</pre>
 *
 * @param strategy what to do after a preemption
 * @param maxRestartsOnErrors how often a non-zero exit of the user's program is retried
 * @param recoverOnExitCodes exit codes that are retried without counting against the budget
 */
public record JobRecovery(Strategy strategy, int maxRestartsOnErrors, List<Integer> recoverOnExitCodes) {

    /** What to do after a preemption or node loss. */
    public enum Strategy {
        /** Same region first, then the next placement. */
        FAILOVER,
        /** Block the preempted region and go to the next placement at once. */
        EAGER_NEXT_REGION,
        /** Do not recover. */
        NONE
    }

    /** The strategy when none is named: SkyPilot's default, EAGER_NEXT_REGION (its managed-jobs docs and code). */
    public static final Strategy DEFAULT_STRATEGY = Strategy.EAGER_NEXT_REGION;

    /** SkyPilot's default: EAGER_NEXT_REGION, no restarts on errors. */
    public static final JobRecovery DEFAULT = new JobRecovery(DEFAULT_STRATEGY, 0, List.of());

    public JobRecovery {
        Objects.requireNonNull(strategy, "strategy");
        if (maxRestartsOnErrors < 0) {
            throw new IllegalArgumentException("max_restarts_on_errors must be >= 0");
        }
        recoverOnExitCodes = List.copyOf(recoverOnExitCodes);
    }
}
