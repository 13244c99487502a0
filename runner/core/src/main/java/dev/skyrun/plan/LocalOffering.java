package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The machine skyrun runs on as cloud {@code local}: instance type {@code docker}, price 0, in
 * region {@code local}. Used only when a spec pins {@code cloud: local} (or {@code --cloud local})
 * or no other cloud is enabled.
 */
public final class LocalOffering {
    private LocalOffering() {}

    /**
     * This machine as an offering of a known size.
     *
     * @param cpus vCPUs
     * @param memoryGib memory in GiB
     * @param gpuName the GPUs' accelerator name, empty when there are none
     * @param gpus how many GPUs
     */
    public static Offering of(int cpus, double memoryGib, Optional<String> gpuName, int gpus) {
        return new Offering(PlanContext.LOCAL, "docker", gpus > 0 ? gpuName : Optional.empty(),
                gpus > 0 ? gpus : 0, cpus, memoryGib, 0, OptionalDouble.empty(), PlanContext.LOCAL, Optional.empty());
    }

    /**
     * This machine as it is offered to {@code task}, as {@code plan} shows it and {@code launch}
     * tries it: a container sized by what the task asks (its vCPUs and memory are the container's
     * limits, 0 for none), one offering per accelerator the task's entries ask first (none for
     * CPU only). Whether the machine has that much is the local cloud's to say when it provisions
     * (it counts the GPUs); planning reads nothing of the machine. Spot requests run on it as
     * on-demand ones do, at price 0.
     */
    public static List<Offering> forTask(TaskSpec task) {
        Resources r = task.resources();
        List<Resources> entries = !r.ordered().isEmpty() ? r.ordered() : r.anyOf();
        List<Resources> all = entries.isEmpty() ? List.of(r) : entries.stream().map(e -> Alternative.merge(r, e)).toList();
        double cpus = 0;
        double memory = 0;
        Map<Optional<AcceleratorChoice>, Boolean> accelerators = new LinkedHashMap<>();
        for (Resources e : all) {
            cpus = Math.max(cpus, e.cpus().map(Quantity::amount).orElse(0.0));
            memory = Math.max(memory, e.memory().map(Quantity::amount).orElse(0.0));
            accelerators.put(e.accelerators().map(a -> a.choices().get(0)), true);
        }
        List<Offering> out = new ArrayList<>();
        for (Optional<AcceleratorChoice> acc : accelerators.keySet()) {
            out.add(new Offering(PlanContext.LOCAL, "docker", acc.map(AcceleratorChoice::name),
                    acc.map(AcceleratorChoice::count).orElse(0.0), cpus, memory, 0, OptionalDouble.of(0),
                    PlanContext.LOCAL, Optional.empty()));
        }
        return out;
    }
}
