package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where a task may run, best first: the controller's seam to the optimizer.
 *
 * <p>{@link #localOnly()} serves tasks pinned to {@code cloud: local} (or naming no cloud) with
 * the single local placement; the optimizer ({@code dev.skyrun.plan}) is the other implementation.
 */
@FunctionalInterface
public interface Planner {

    /**
     * The placements to try in order.
     *
     * @param task the task
     * @param cloud {@code --cloud}, over the task's
     * @throws IllegalArgumentException when nothing could ever run the task
     */
    List<Placement> plan(TaskSpec task, Optional<String> cloud);

    /** The local machine only: one placement, the task's resources as limits. */
    static Planner localOnly() {
        return (task, cloud) -> {
            String wanted = cloud.or(() -> task.resources().cloud()).orElse("local");
            if (!wanted.equals("local")) {
                throw new IllegalArgumentException("cloud '" + wanted + "' cannot be planned yet: only 'local' is "
                        + "available in this build; set resources.cloud: local or pass --cloud local");
            }
            return List.of(LocalPlacement.of(task));
        };
    }
}
