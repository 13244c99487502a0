package dev.skyrun.plan;

import dev.skyrun.cloud.Placement;
import java.util.List;
import java.util.Objects;

/**
 * The optimizer's answer for one task (or one pipeline stage): every placement to try, in order,
 * and why the other candidates were left out.
 *
 * @param name the task's (or stage's) name
 * @param nodes nodes per placement ({@code num_nodes})
 * @param asked what the request asks for, one line per alternative
 * @param placements every feasible placement, best first (made as they are read; do not modify)
 * @param removals per filter, how many candidates it removed (filters that removed none are left out;
 *     counted when read; do not modify)
 * @param candidates how many candidates were looked at
 */
public record TaskPlan(String name, int nodes, List<String> asked, List<Placement> placements,
        List<Removal> removals, long candidates) {
    public TaskPlan {
        Objects.requireNonNull(name, "name");
        asked = List.copyOf(asked);
        placements = java.util.Collections.unmodifiableList(placements);
        removals = java.util.Collections.unmodifiableList(removals);
    }

    /** The placement to try first. */
    public Placement best() {
        return placements.get(0);
    }
}
