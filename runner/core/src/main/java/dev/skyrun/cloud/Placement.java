package dev.skyrun.cloud;

import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
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
 * @param options what the plan's alternative asks of the nodes (image, ports, disk tier); empty for a
 *     placement made outside the planner (then the task's own image, no port, the default disk)
 */
public record Placement(
        String cloud, String region, Optional<String> zone, String instanceType, boolean spot,
        Optional<AcceleratorChoice> accelerator, double vcpus, double memoryGib,
        double pricePerNode, int nodes, String why, Optional<NodeOptions> options) {

    public Placement {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(why, "why");
        options = options == null ? Optional.empty() : options; // a cluster recorded before options existed
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1");
        }
    }

    /** A placement made outside the planner: no {@link #options}. */
    public Placement(String cloud, String region, Optional<String> zone, String instanceType, boolean spot,
            Optional<AcceleratorChoice> accelerator, double vcpus, double memoryGib, double pricePerNode, int nodes,
            String why) {
        this(cloud, region, zone, instanceType, spot, accelerator, vcpus, memoryGib, pricePerNode, nodes, why, Optional.empty());
    }

    /** This placement in {@code zone} (empty: the cloud picks). */
    public Placement inZone(Optional<String> zone) {
        return new Placement(cloud, region, zone, instanceType, spot, accelerator, vcpus, memoryGib, pricePerNode, nodes,
                why, options);
    }

    /** The ports to open on its nodes. */
    public java.util.List<PortRange> ports() {
        return options.map(NodeOptions::ports).orElse(java.util.List.of());
    }

    /** The OS disk tier its nodes ask for; empty for the cloud's default. */
    public Optional<DiskTier> diskTier() {
        return options.flatMap(NodeOptions::diskTier);
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
