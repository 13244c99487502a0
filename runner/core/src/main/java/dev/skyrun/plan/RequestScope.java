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
    /** The cloud set that names no cloud of a catalog. */
    public static final String NONE = "-";

    private RequestScope() {}

    /**
     * The catalog selection {@code spec} needs, within {@code allowedClouds} (all when empty).
     * A request without accelerators needs the CPU-only offerings; one naming only an
     * instance type needs every offering of the clouds it may use.
     */
    public static Selection of(Spec spec, Set<String> allowedClouds) {
        List<Resources> alternatives = alternatives(spec);
        Set<String> accelerators = new HashSet<>();
        boolean cpuOnly = false;
        boolean everything = false;
        for (Resources r : alternatives) {
            if (r.accelerators().isPresent()) {
                r.accelerators().get().choices().stream().map(AcceleratorChoice::name).forEach(accelerators::add);
            } else if (r.instanceType().isPresent()) {
                everything = true;
            } else {
                cpuOnly = true;
            }
        }
        Selection s = Selection.of(clouds(alternatives, allowedClouds), accelerators, cpuOnly);
        return everything ? new Selection(s.clouds(), a -> true) : s;
    }

    /**
     * The catalog clouds {@code spec} may run on within {@code allowedClouds} (all when empty):
     * empty when it may run on any of them, {@link #NONE} when on none of the catalog's.
     */
    public static Set<String> clouds(Spec spec, Set<String> allowedClouds) {
        return clouds(alternatives(spec), allowedClouds);
    }

    /** Whether the resources of a task of {@code spec}, or one of their entries, name {@code cloud}. */
    public static boolean names(Spec spec, String cloud) {
        for (TaskSpec t : tasks(spec)) {
            Resources r = t.resources();
            List<Resources> all = new ArrayList<>(List.of(r));
            all.addAll(r.ordered());
            all.addAll(r.anyOf());
            if (all.stream().anyMatch(e -> e.cloud().filter(cloud::equals).isPresent())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> clouds(List<Resources> alternatives, Set<String> allowedClouds) {
        Set<String> clouds = new HashSet<>();
        boolean anyCloud = false;
        for (Resources r : alternatives) {
            Optional<String> cloud = r.cloud();
            anyCloud |= cloud.isEmpty();
            cloud.ifPresent(clouds::add);
        }
        Set<String> wanted = anyCloud ? new HashSet<>(allowedClouds) : clouds;
        if (!anyCloud && !allowedClouds.isEmpty()) {
            wanted.retainAll(allowedClouds);
            if (wanted.isEmpty()) {
                wanted.add(NONE);
            }
        }
        return wanted;
    }

    /** Every alternative of every task of {@code spec}: its entries merged over their task's resources. */
    private static List<Resources> alternatives(Spec spec) {
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
        return alternatives;
    }

    private static List<TaskSpec> tasks(Spec spec) {
        return switch (spec) {
            case TaskSpec t -> List.of(t);
            case PipelineSpec p -> p.stages().stream().map(Stage::task).toList();
        };
    }
}
