package dev.skyrun.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hardware a task needs and where it may run: SkyPilot's {@code resources:} block.
 *
 * <pre>{@code
 * resources:
 *   infra: gcp/us-central1        # or cloud/region/zone
 *   accelerators: A100:8          # "A100:8", [A100:8, H100:8] (ordered), {A100: 8, H100: 8} (any)
 *   cpus: 8+
 *   memory: 32+
 *   use_spot: true
 *   disk_size: 256
 *   job_recovery: {strategy: FAILOVER, max_restarts_on_errors: 2}
 *   any_of:
 *     - {use_spot: true}
 *     - {use_spot: false}
 * }</pre>
 *
 * <p>Entries of {@code any_of} and {@code ordered} carry only what they override; the
 * optimizer fills the rest from this (their parent) block.
 *
 * @param cloud cloud name, lower case ({@code aws}, {@code gcp}, {@code local}, ...)
 * @param region region name within the cloud
 * @param zone zone name within the region
 * @param accelerators the accelerator request
 * @param acceleratorArgs cloud-specific accelerator settings (e.g. TPU {@code runtime_version})
 * @param cpus vCPUs per node: exact, or at least when written {@code N+}
 * @param memory memory in GiB per node: exact, or at least when written {@code N+}
 * @param instanceType a provider instance type, e.g. {@code g5.xlarge}
 * @param useSpot spot (preemptible) capacity; empty means on-demand unless a choice says otherwise
 * @param diskSize OS disk size in GiB
 * @param diskTier {@code low|medium|high|ultra|best}
 * @param imageId a VM image id, or {@code docker:IMAGE} for the job's container
 * @param ports ports to open, e.g. {@code 8080} or {@code 10000-10010}
 * @param labels labels put on every cloud resource
 * @param maxHourlyCost upper bound of $/h per node
 * @param anyOf alternatives the optimizer picks from by price
 * @param ordered alternatives tried in the order written
 * @param jobRecovery how a managed job recovers
 * @param budget the run's caps on its total cost and its wall clock time (top block only)
 */
public record Resources(
        Optional<String> cloud,
        Optional<String> region,
        Optional<String> zone,
        Optional<Accelerators> accelerators,
        Map<String, Object> acceleratorArgs,
        Optional<Quantity> cpus,
        Optional<Quantity> memory,
        Optional<String> instanceType,
        Optional<Boolean> useSpot,
        Optional<Integer> diskSize,
        Optional<String> diskTier,
        Optional<String> imageId,
        List<String> ports,
        Map<String, String> labels,
        Optional<Double> maxHourlyCost,
        List<Resources> anyOf,
        List<Resources> ordered,
        Optional<JobRecovery> jobRecovery,
        Budget budget) {

    /**
     * The {@code image_id} of an {@code any_of}/{@code ordered} entry written {@code image_id: null}: the cloud's
     * default image, not the parent's.
     */
    public static final String DEFAULT_IMAGE = "";

    private static final String DOCKER = "docker:";

    /** No constraints at all: runs anywhere, cheapest first. */
    public static final Resources ANY = new Resources(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(),
            List.of(), List.of(), Optional.empty());

    /** Resources without a budget. */
    public Resources(Optional<String> cloud, Optional<String> region, Optional<String> zone,
            Optional<Accelerators> accelerators, Map<String, Object> acceleratorArgs, Optional<Quantity> cpus,
            Optional<Quantity> memory, Optional<String> instanceType, Optional<Boolean> useSpot, Optional<Integer> diskSize,
            Optional<String> diskTier, Optional<String> imageId, List<String> ports, Map<String, String> labels,
            Optional<Double> maxHourlyCost, List<Resources> anyOf, List<Resources> ordered,
            Optional<JobRecovery> jobRecovery) {
        this(cloud, region, zone, accelerators, acceleratorArgs, cpus, memory, instanceType, useSpot, diskSize, diskTier,
                imageId, ports, labels, maxHourlyCost, anyOf, ordered, jobRecovery, Budget.NONE);
    }

    /** These resources with {@code budget}. */
    public Resources withBudget(Budget b) {
        return new Resources(cloud, region, zone, accelerators, acceleratorArgs, cpus, memory, instanceType, useSpot,
                diskSize, diskTier, imageId, ports, labels, maxHourlyCost, anyOf, ordered, jobRecovery, b);
    }

    public Resources {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(accelerators, "accelerators");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(useSpot, "useSpot");
        Objects.requireNonNull(diskSize, "diskSize");
        Objects.requireNonNull(diskTier, "diskTier");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(maxHourlyCost, "maxHourlyCost");
        Objects.requireNonNull(jobRecovery, "jobRecovery");
        budget = budget == null ? Budget.NONE : budget; // a run recorded before budgets existed
        acceleratorArgs = Ordered.copyOf(acceleratorArgs);
        ports = List.copyOf(ports);
        labels = Ordered.copyOf(labels);
        anyOf = List.copyOf(anyOf);
        ordered = List.copyOf(ordered);
    }

    /** The job's container image {@code image_id} names ({@code docker:IMAGE} without the prefix), if it names one. */
    public Optional<String> containerImage() {
        return imageId.filter(id -> id.startsWith(DOCKER)).map(id -> id.substring(DOCKER.length()));
    }
}
