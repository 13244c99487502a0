package dev.skyrun.run;

import dev.skyrun.cloud.NodeState;
import dev.skyrun.recovery.Ending;
import dev.skyrun.state.RunStatus;
import java.util.Optional;

/** Classifies a cluster's {@link NodeState} as an attempt's {@link Ending}, once it has one. */
final class Endings {

    private Endings() {}

    static Optional<Ending> of(NodeState s) {
        return switch (s) {
            case NodeState.Succeeded ok -> Optional.of(new Ending.Succeeded());
            case NodeState.Failed f -> Optional.of(new Ending.AppFailure(f.exitCode(), f.reason()));
            case NodeState.Preempted p -> Optional.of(new Ending.Preempted(p.reason()));
            case NodeState.Lost l -> Optional.of(new Ending.Preempted("lost: " + l.reason()));
            case NodeState.Pending p -> Optional.empty();
            case NodeState.Running r -> Optional.empty();
            case NodeState.Unrecognized u -> Optional.empty();
        };
    }

    /** The attempt status an ending is recorded as. */
    static RunStatus status(Ending ending) {
        return switch (ending) {
            case Ending.Succeeded s -> RunStatus.SUCCEEDED;
            case Ending.AppFailure f -> RunStatus.FAILED;
            case Ending.Preempted p -> RunStatus.PREEMPTED;
            case Ending.NoCapacity c -> RunStatus.INFRA_FAILED;
            case Ending.BudgetExceeded b -> RunStatus.BUDGET_EXCEEDED;
            case Ending.Cancelled c -> RunStatus.CANCELLED;
            case Ending.Interrupted i -> RunStatus.INTERRUPTED;
        };
    }

    /** Records an attempt's ending (status, exit code, reason) and its event. */
    static void record(RunContext ctx, int number, Ending ending, Optional<Integer> exitCode) {
        RunStatus status = status(ending);
        Optional<Integer> code = ending instanceof Ending.AppFailure || ending instanceof Ending.Succeeded
                ? exitCode : Optional.empty();
        ctx.state().runs().attemptStatus(ctx.runId(), number, status, code, Optional.of(ctx.mask().mask(ending.reason())));
        ctx.events().emit(EventKind.ATTEMPT_ENDED, number, withReason("attempt " + number + " " + status.name().toLowerCase(), status,
                ending.reason()));
    }

    /** {@code text}, then ": reason" unless the reason only repeats the status (e.g. "succeeded"). */
    static String withReason(String text, RunStatus status, String reason) {
        return reason.isBlank() || reason.equalsIgnoreCase(status.name()) ? text : text + ": " + reason;
    }
}
