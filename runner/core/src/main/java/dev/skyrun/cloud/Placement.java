package dev.skyrun.cloud;

import dev.skyrun.spec.AcceleratorChoice;
import java.util.Objects;
import java.util.Optional;

/**
 * One place a task could run, as the optimizer ranks them: where, on what, at what price, and why.
 *
 * @param cloud cloud name
 * @param region region name
 * @param zone zone name, empty where the cloud picks it
 * @param instanceType provider instance type
 * @param spot whether this placement uses spot capacity
 * @param accelerator the accelerators per node, empty for CPU-only
 * @param vcpus vCPUs per node
 * @param memoryGib memory per node in GiB
 * @param pricePerNode USD per hour per node
 * @param nodes how many nodes
 * @param why a short reason this placement is where it is in the order
 */
public record Placement(
        String cloud, String region, Optional<String> zone, String instanceType, boolean spot,
        Optional<AcceleratorChoice> accelerator, double vcpus, double memoryGib,
        double pricePerNode, int nodes, String why) {

    public Placement {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(why, "why");
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1");
        }
    }

    /** USD per hour for all nodes. */
    public double pricePerHour() {
        return pricePerNode * nodes;
    }

    /** {@code gcp/us-central1/us-central1-a}: where, as {@code infra:} writes it. */
    public String infra() {
        return cloud + "/" + region + zone.map(z -> "/" + z).orElse("");
    }
}
