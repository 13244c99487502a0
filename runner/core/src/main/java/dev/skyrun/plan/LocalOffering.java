package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The offering of the machine skyrun runs on, as cloud {@code local}: its vCPUs, memory and GPUs,
 * price 0, in region {@code local}. Used only when a spec pins {@code cloud: local} (or
 * {@code --cloud local}) or no other cloud is enabled.
 */
public final class LocalOffering {
    private LocalOffering() {}

    /**
     * This machine as an offering.
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
}
