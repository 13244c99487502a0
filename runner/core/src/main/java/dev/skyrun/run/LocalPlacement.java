package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.TaskSpec;
import java.util.Optional;

/** The one placement of the {@code local} cloud: this machine, free, sized by the task's requests. */
public final class LocalPlacement {

    private LocalPlacement() {}

    /** The local placement of a task. */
    public static Placement of(TaskSpec task) {
        Optional<AcceleratorChoice> acc = task.resources().accelerators().map(a -> a.choices().get(0));
        double cpus = task.resources().cpus().map(Quantity::amount).orElse(0.0);
        double mem = task.resources().memory().map(Quantity::amount).orElse(0.0);
        return new Placement("local", "local", Optional.empty(), "docker", false, acc, cpus, mem, 0.0,
                task.numNodes(), "cloud: local (this machine's Docker engine)");
    }
}
