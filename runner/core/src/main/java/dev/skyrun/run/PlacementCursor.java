package dev.skyrun.run;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.plan.Placement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a run's plan: the same placement again until something of it is blocked, then the
 * first placement of the plan that is not.
 */
final class PlacementCursor {

    private final List<Placement> plan;
    private final Set<String> blocked = new LinkedHashSet<>();
    private Placement last;

    PlacementCursor(List<Placement> plan) {
        this.plan = List.copyOf(plan);
    }

    /** The plan. */
    List<Placement> plan() {
        return plan;
    }

    /** The placement to try next, if any is left. */
    Optional<Placement> next() {
        Optional<Placement> p = last != null && !isBlocked(last) ? Optional.of(last)
                : plan.stream().filter(x -> !isBlocked(x)).findFirst();
        p.ifPresent(x -> last = x);
        return p;
    }

    /** Makes {@code p} the current placement (a resumed attempt's). */
    void resumeAt(Placement p) {
        last = p;
    }

    /** Blocks {@code scope} of the current placement. */
    void block(CapacityException.Scope scope) {
        blocked.add(switch (scope) {
            case CLOUD -> last.cloud();
            case REGION -> last.cloud() + "/" + last.region();
            case ZONE -> last.infra() + "#" + last.instanceType();
        });
    }

    /** What is blocked, for messages. */
    String blockedList() {
        return String.join(", ", blocked);
    }

    /** The plan's placement recorded as {@code infra}, if still in the plan. */
    Optional<Placement> byInfra(String infra) {
        return plan.stream().filter(p -> p.infra().equals(infra)).findFirst();
    }

    private boolean isBlocked(Placement p) {
        return blocked.contains(p.cloud()) || blocked.contains(p.cloud() + "/" + p.region())
                || blocked.contains(p.infra() + "#" + p.instanceType());
    }
}
