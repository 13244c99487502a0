package dev.skyrun.catalog;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One thing a cloud sells: an instance type in a region (and zone), with its accelerators and
 * prices per hour.
 *
 * @param cloud cloud name, lower case
 * @param instanceType provider instance type (for GCP N1 hosts with attached GPUs, the host type)
 * @param acceleratorName canonical accelerator name, empty for CPU-only types
 * @param acceleratorCount accelerators per instance, 0 for CPU-only types
 * @param vcpus vCPUs per instance
 * @param memoryGib memory per instance in GiB
 * @param onDemandPrice USD per hour, on demand
 * @param spotPrice USD per hour on spot, empty where the cloud sells no spot for it
 * @param region region name
 * @param zone zone name, empty where the catalog is per region
 */
public record Offering(
        String cloud, String instanceType, Optional<String> acceleratorName, double acceleratorCount,
        double vcpus, double memoryGib, double onDemandPrice, OptionalDouble spotPrice,
        String region, Optional<String> zone) {

    /**
     * How offerings of equal spot price rank: the lower on-demand price first, then the smaller
     * machine (vCPUs, then memory). When a live price feed quotes one spot price for every type,
     * this picks the smallest type that fits, never the largest. Names break what is still tied.
     */
    public static final Comparator<Offering> SPOT_TIE = Comparator.comparingDouble(Offering::onDemandPrice)
            .thenComparingDouble(Offering::vcpus).thenComparingDouble(Offering::memoryGib);

    public Offering {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(acceleratorName, "acceleratorName");
        Objects.requireNonNull(spotPrice, "spotPrice");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
    }

    /** The price per hour for spot or on-demand capacity; empty when spot is asked and not sold. */
    public OptionalDouble price(boolean spot) {
        return spot ? spotPrice : OptionalDouble.of(onDemandPrice);
    }
}
