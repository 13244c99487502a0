package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a task may run, best first: the controller's seam to planning. {@link LaunchPlanner} is
 * the one that plans; a test gives the controller a fixed list.
 */
@FunctionalInterface
public interface Planner {

    /**
     * The placements to try in order.
     *
     * @param task the task
     * @param cloud {@code --cloud}, over the task's
     * @throws dev.skyrun.schema.InvalidInputException when nothing could ever run the task
     */
    List<Placement> plan(TaskSpec task, Optional<String> cloud);

    /**
     * The price {@code p} is launched at, where it came from and when it was quoted. A planner that
     * knows no more says the placement's own price, quoted now by the plan.
     */
    default PriceQuote quote(Placement p) {
        return new PriceQuote(p.pricePerNode(), "plan", java.time.Instant.now());
    }

    /**
     * Placements of clouds that are not enabled here (no credentials configured) and that are
     * cheaper per hour than {@code chosen}, the cheapest of each such cloud first, so a launch can
     * say what it passed over and why. A planner that knows no other clouds answers none.
     */
    default List<Placement> cheaperNotEnabled(TaskSpec task, Optional<String> cloud, Placement chosen) {
        return List.of();
    }

    /** This machine only (no other cloud enabled, no catalog): one placement, the task's resources as limits. */
    static Planner localOnly() {
        return new LaunchPlanner(Optional.empty(), new Location("task", 0, 0), Optional.empty(),
                new PlanInputs(Optional.of(Set.of()), selection -> {
                    throw new IllegalStateException("a plan of this machine only reads no catalog");
                }, Optional.empty()));
    }
}
