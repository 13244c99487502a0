package dev.skyrun.review;

import dev.skyrun.plan.TaskPlan;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A spec and what {@code plan} made of it: one side of a {@link PlanDiff}.
 *
 * @param spec the loaded spec
 * @param plans one plan per task (one for a task spec, one per stage of a pipeline, in stage order)
 */
public record PlannedSpec(Spec spec, List<TaskPlan> plans) {
    public PlannedSpec {
        Objects.requireNonNull(spec, "spec");
        plans = List.copyOf(plans);
    }

    /** The spec's units: each task or stage with its needs and its plan. */
    List<Unit> units() {
        List<Unit> out = new ArrayList<>();
        switch (spec) {
            case TaskSpec t -> out.add(new Unit(t.name(), t, List.of(), plans.get(0)));
            case PipelineSpec p -> {
                for (int i = 0; i < p.stages().size(); i++) {
                    Stage s = p.stages().get(i);
                    out.add(new Unit(s.name(), s.task(), s.needs(), plans.get(i)));
                }
            }
        }
        return out;
    }

    /** A task or stage: its name, its task, the stages it needs, its plan. */
    record Unit(String name, TaskSpec task, List<String> needs, TaskPlan plan) {}
}
