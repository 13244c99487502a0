package dev.skyrun.review;

import java.util.List;
import java.util.Objects;

/**
 * How one task or pipeline stage changed between two specs.
 *
 * @param name the task's or stage's name (the new one when a task was renamed)
 * @param status added, removed, changed or unchanged
 * @param changes what changed, in a fixed order: placement facts, then the spec's fields, then gates
 * @param gained placements the new spec may use that the old could not, best first
 * @param lost placements the old spec could use that the new cannot, best first
 */
public record UnitDiff(String name, Status status, List<Change> changes, List<String> gained, List<String> lost) {
    public UnitDiff {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        changes = List.copyOf(changes);
        gained = List.copyOf(gained);
        lost = List.copyOf(lost);
    }

    /** Whether a gate of this task lets more through than before. */
    public boolean loosened() {
        return changes.stream().anyMatch(Change::loosened);
    }
}
