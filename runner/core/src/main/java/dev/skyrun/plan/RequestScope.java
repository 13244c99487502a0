package dev.skyrun.plan;

import dev.skyrun.catalog.Selection;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a catalog a spec can use: the clouds it may run on and the accelerators it names.
 * Loading only that part keeps a cold {@code skyrun plan} fast on a large catalog.
 */
public final class RequestScope {
    private RequestScope() {}

    /**
     * The catalog selection {@code spec} needs, within {@code allowedClouds} (all when empty).
     * A request without accelerators needs the CPU-only offerings; one naming only an
     * instance type needs every offering of the clouds it may use.
     */
    public static Selection of(Spec spec, Set<String> allowedClouds) {
        List<Resources> alternatives = new ArrayList<>();
        for (TaskSpec task : tasks(spec)) {
            Resources r = task.resources();
            List<Resources> entries = !r.ordered().isEmpty() ? r.ordered() : r.anyOf();
            if (entries.isEmpty()) {
                alternatives.add(r);
            } else {
                entries.forEach(e -> alternatives.add(Alternative.merge(r, e)));
            }
        }
        Set<String> clouds = new HashSet<>();
        Set<String> accelerators = new HashSet<>();
        boolean anyCloud = false;
        boolean cpuOnly = false;
        boolean everything = false;
        for (Resources r : alternatives) {
            Optional<String> cloud = r.cloud();
            anyCloud |= cloud.isEmpty();
            cloud.ifPresent(clouds::add);
            if (r.accelerators().isPresent()) {
                r.accelerators().get().choices().stream().map(AcceleratorChoice::name).forEach(accelerators::add);
            } else if (r.instanceType().isPresent()) {
                everything = true;
            } else {
                cpuOnly = true;
            }
        }
        Set<String> wanted = anyCloud ? new HashSet<>(allowedClouds) : clouds;
        if (!anyCloud && !allowedClouds.isEmpty()) {
            wanted.retainAll(allowedClouds);
            if (wanted.isEmpty()) {
                wanted.add("-");
            }
        }
        Selection s = Selection.of(wanted, accelerators, cpuOnly);
        return everything ? new Selection(s.clouds(), a -> true) : s;
    }

    private static List<TaskSpec> tasks(Spec spec) {
        return switch (spec) {
            case TaskSpec t -> List.of(t);
            case PipelineSpec p -> p.stages().stream().map(Stage::task).toList();
        };
    }
}
