package dev.skyrun.recovery;

import dev.skyrun.spec.JobRecovery;
import dev.skyrun.state.RunStatus;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The recovery decision table: an attempt's {@link Ending}, the run's history and its
 * {@code job_recovery} → the next {@link Decision}. Pure: no clock, no I/O (the jitter source
 * is passed in).
 *
 * <pre>
 * ending                         decision
 * Succeeded                      Finish SUCCEEDED
 * AppFailure, code in            Retry SAME, off budget (first at once, then backoff),
 *   recover_on_exit_codes,       up to {@value #EXIT_CODE_RECOVERIES} times a run
 *   such recoveries left
 * AppFailure, budget left        Retry SAME, counts, backoff 1 s, 2 s, 4 s... (cap 60 s, ±25 % jitter)
 * AppFailure, budget spent       Finish FAILED
 * Preempted, FAILOVER            Retry SAME_REGION_FIRST, off budget (first at once, then backoff)
 * Preempted, EAGER_NEXT_REGION   Retry AVOID_REGION, off budget (first at once, then backoff)
 * Preempted, NONE                Finish FAILED
 * NoCapacity(scope)              Retry BLOCK_ZONE / BLOCK_REGION / BLOCK_CLOUD, off budget, at once
 * BudgetExceeded                 Finish BUDGET_EXCEEDED (max_total_cost or max_duration reached)
 * Cancelled / Interrupted        Finish CANCELLED / INTERRUPTED
 *
 * every placement blocked        {@link #exhausted}: Retry REPLAN after backoff with
 *                                --retry-until-up, else Finish INFRA_FAILED
 * </pre>
 */
public final class Recovery {

    private static final Duration CAP = Duration.ofSeconds(60);

    /**
     * How many times one run is recovered off budget for an exit code in {@code recover_on_exit_codes}.
     * SkyPilot sets no bound (each of its recoveries is a fresh cluster, minutes apart); a local
     * relaunch takes a second, so without one a job that always exits so would loop forever. Past it,
     * such a failure is an ordinary one: retried only while {@code max_restarts_on_errors} lasts.
     */
    public static final int EXIT_CODE_RECOVERIES = 10;

    private Recovery() {}

    /**
     * History the table needs.
     *
     * @param restartsOnErrors application-failure retries used so far
     * @param preemptions preemptions so far (including this ending's)
     * @param exitCodeRecoveries off-budget recoveries for {@code recover_on_exit_codes} so far
     */
    public record History(int restartsOnErrors, int preemptions, int exitCodeRecoveries) {

        /** History with no exit-code recovery yet. */
        public History(int restartsOnErrors, int preemptions) {
            this(restartsOnErrors, preemptions, 0);
        }
    }

    /** Decides what follows {@code ending}. */
    public static Decision decide(Ending ending, History history, JobRecovery policy, RandomGenerator jitter) {
        return switch (ending) {
            case Ending.Succeeded s -> new Decision.Finish(RunStatus.SUCCEEDED, s.reason());
            case Ending.AppFailure f -> appFailure(f, history, policy, jitter);
            case Ending.Preempted p -> preempted(p, history, policy, jitter);
            case Ending.NoCapacity c -> new Decision.Retry(Decision.Next.block(c.scope()), Duration.ZERO, false,
                    c.reason());
            case Ending.BudgetExceeded b -> new Decision.Finish(RunStatus.BUDGET_EXCEEDED, b.reason());
            case Ending.Cancelled c -> new Decision.Finish(RunStatus.CANCELLED, c.reason());
            case Ending.Interrupted i -> new Decision.Finish(RunStatus.INTERRUPTED, i.reason());
        };
    }

    private static Decision appFailure(Ending.AppFailure f, History h, JobRecovery policy, RandomGenerator jitter) {
        boolean listed = policy.recoverOnExitCodes().contains(f.exitCode());
        if (listed && h.exitCodeRecoveries() < EXIT_CODE_RECOVERIES) {
            Duration wait = h.exitCodeRecoveries() == 0 ? Duration.ZERO : backoff(h.exitCodeRecoveries() - 1, jitter);
            return new Decision.Retry(Decision.Next.SAME, wait, false, f.reason() + "; exit " + f.exitCode()
                    + " is in recover_on_exit_codes (recovery " + (h.exitCodeRecoveries() + 1) + " of "
                    + EXIT_CODE_RECOVERIES + ")");
        }
        String spent = listed ? "; recover_on_exit_codes recovered it " + EXIT_CODE_RECOVERIES + " times already" : "";
        if (h.restartsOnErrors() < policy.maxRestartsOnErrors()) {
            return new Decision.Retry(Decision.Next.SAME, backoff(h.restartsOnErrors(), jitter), true, f.reason()
                    + spent + "; restart " + (h.restartsOnErrors() + 1) + " of " + policy.maxRestartsOnErrors());
        }
        String budget = policy.maxRestartsOnErrors() == 0 ? "" : "; max_restarts_on_errors (" + policy.maxRestartsOnErrors()
                + ") spent";
        return new Decision.Finish(RunStatus.FAILED, f.reason() + spent + budget);
    }

    private static Decision preempted(Ending.Preempted p, History h, JobRecovery policy, RandomGenerator jitter) {
        Duration wait = h.preemptions() <= 1 ? Duration.ZERO : backoff(h.preemptions() - 2, jitter);
        return switch (policy.strategy()) {
            case NONE -> new Decision.Finish(RunStatus.FAILED, p.reason() + "; job_recovery is NONE");
            case FAILOVER -> new Decision.Retry(Decision.Next.SAME_REGION_FIRST, wait, false, p.reason());
            case EAGER_NEXT_REGION -> new Decision.Retry(Decision.Next.AVOID_REGION, wait, false, p.reason());
        };
    }

    /**
     * What follows when no placement of the plan is left to try ({@code reason}: what is blocked
     * and the last ending, e.g. {@code "(gcp blocked): quota exceeded"}): with {@code retryUntilUp}, wait
     * (backoff by {@code round}, the rounds of waiting so far) and plan again; else the run ends
     * INFRA_FAILED.
     */
    public static Decision exhausted(int round, boolean retryUntilUp, String reason, RandomGenerator jitter) {
        if (!retryUntilUp) {
            return new Decision.Finish(RunStatus.INFRA_FAILED, "no placement left to try " + reason
                    + "; --retry-until-up waits for capacity instead");
        }
        return new Decision.Retry(Decision.Next.REPLAN, backoff(round, jitter), false, "no placement left to try "
                + reason + "; waiting for capacity (--retry-until-up)");
    }

    /** 2^n seconds, capped at 60 s, with ±25 % jitter. */
    static Duration backoff(int n, RandomGenerator jitter) {
        long base = Math.min(CAP.toMillis(), 1000L << Math.min(n, 16));
        double factor = 0.75 + 0.5 * jitter.nextDouble();
        return Duration.ofMillis((long) (base * factor));
    }
}
