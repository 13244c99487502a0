package dev.skyrun.manifest;

import dev.skyrun.cloud.Placement;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an artifact was produced: the placement its last (successful) attempt ran on.
 *
 * @param cloud cloud name
 * @param region region
 * @param zone zone, when known
 * @param instanceType provider instance type
 * @param spot whether it ran on spot capacity
 * @param pricePerHour USD per hour for all nodes of the placement
 */
public record Producer(String cloud, String region, Optional<String> zone, String instanceType, boolean spot,
        double pricePerHour) {
    public Producer {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(instanceType, "instanceType");
    }

    /** The producer of a placement. */
    public static Producer of(Placement p) {
        return new Producer(p.cloud(), p.region(), p.zone(), p.instanceType(), p.spot(), p.pricePerHour());
    }
}
