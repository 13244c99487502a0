package dev.skyrun.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stage of a pipeline: a task and the stages it needs first.
 *
 * @param name the stage's name, unique within the pipeline
 * @param task the stage's task
 * @param needs names of stages that must succeed before this one starts
 * @param path the task file when the stage names one ({@code task: stages/x.yaml}), else empty
 */
public record Stage(String name, TaskSpec task, List<String> needs, Optional<String> path) {
    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        needs = List.copyOf(needs);
        Objects.requireNonNull(path, "path");
    }
}
