package dev.skyrun.recovery;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.state.RunStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The recovery decision table: an attempt's {@link Ending}, the run's history and its
 * {@code job_recovery} → the next {@link Decision}. Pure: no clock, no I/O (the jitter source
 * is passed in).
 *
 * <pre>
 * ending                         decision
 * Succeeded                      Finish SUCCEEDED
 * AppFailure, code in            Retry same placement, off budget
 *   recover_on_exit_codes
 * AppFailure, budget left        Retry same placement, counts, backoff 1 s, 2 s, 4 s... (cap 60 s)
 * AppFailure, budget spent       Finish FAILED
 * Preempted, FAILOVER            Retry same placement first, off budget (immediate, then backoff)
 * Preempted, EAGER_NEXT_REGION   Retry, block the region, off budget
 * Preempted, NONE                Finish FAILED
 * NoCapacity(scope)              Retry, block scope, off budget
 * Cancelled / Interrupted        Finish CANCELLED / INTERRUPTED
 * </pre>
 */
public final class Recovery {

    private static final Duration CAP = Duration.ofSeconds(60);

    private Recovery() {}

    /**
     * History the table needs.
     *
     * @param restartsOnErrors application-failure retries used so far
     * @param preemptions preemptions so far (including this ending's)
     */
    public record History(int restartsOnErrors, int preemptions) {}

    /** Decides what follows {@code ending}. */
    public static Decision decide(Ending ending, History history, JobRecovery policy, RandomGenerator jitter) {
        return switch (ending) {
            case Ending.Succeeded s -> new Decision.Finish(RunStatus.SUCCEEDED, s.reason());
            case Ending.AppFailure f -> appFailure(f, history, policy, jitter);
            case Ending.Preempted p -> preempted(p, history, policy, jitter);
            case Ending.NoCapacity c -> new Decision.Retry(Optional.of(c.scope()), Duration.ZERO, false, c.reason());
            case Ending.Cancelled c -> new Decision.Finish(RunStatus.CANCELLED, c.reason());
            case Ending.Interrupted i -> new Decision.Finish(RunStatus.INTERRUPTED, i.reason());
        };
    }

    private static Decision appFailure(Ending.AppFailure f, History h, JobRecovery policy, RandomGenerator jitter) {
        if (policy.recoverOnExitCodes().contains(f.exitCode())) {
            return new Decision.Retry(Optional.empty(), Duration.ZERO, false,
                    f.reason() + "; exit " + f.exitCode() + " is in recover_on_exit_codes");
        }
        if (h.restartsOnErrors() < policy.maxRestartsOnErrors()) {
            return new Decision.Retry(Optional.empty(), backoff(h.restartsOnErrors(), jitter), true, f.reason()
                    + "; restart " + (h.restartsOnErrors() + 1) + " of " + policy.maxRestartsOnErrors());
        }
        String budget = policy.maxRestartsOnErrors() == 0 ? "" : "; max_restarts_on_errors (" + policy.maxRestartsOnErrors()
                + ") spent";
        return new Decision.Finish(RunStatus.FAILED, f.reason() + budget);
    }

    private static Decision preempted(Ending.Preempted p, History h, JobRecovery policy, RandomGenerator jitter) {
        Duration wait = h.preemptions() <= 1 ? Duration.ZERO : backoff(h.preemptions() - 2, jitter);
        return switch (policy.strategy()) {
            case NONE -> new Decision.Finish(RunStatus.FAILED, p.reason() + "; job_recovery is NONE");
            case FAILOVER -> new Decision.Retry(Optional.empty(), wait, false, p.reason());
            case EAGER_NEXT_REGION -> new Decision.Retry(Optional.of(CapacityException.Scope.REGION), wait, false,
                    p.reason());
        };
    }

    /** 2^n seconds, capped at 60 s, with ±25 % jitter. */
    static Duration backoff(int n, RandomGenerator jitter) {
        long base = Math.min(CAP.toMillis(), 1000L << Math.min(n, 16));
        double factor = 0.75 + 0.5 * jitter.nextDouble();
        return Duration.ofMillis((long) (base * factor));
    }
}
