package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import java.util.Objects;
import java.util.Optional;

/**
 * A place the optimizer must not use: a whole cloud, a region or a zone, for spot capacity only
 * or for both kinds. The recovery controller blocks where an attempt was preempted or lost.
 *
 * @param cloud the cloud
 * @param region the region, empty to block the whole cloud
 * @param zone the zone, empty to block the whole region (or cloud)
 * @param spotOnly true to block only spot capacity there (on-demand stays allowed)
 */
public record BlockedPlacement(String cloud, Optional<String> region, Optional<String> zone, boolean spotOnly) {

    public BlockedPlacement {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        if (zone.isPresent() && region.isEmpty()) {
            throw new IllegalArgumentException("a blocked zone needs its region");
        }
    }

    /** Blocks a whole cloud. */
    public static BlockedPlacement cloud(String cloud) {
        return new BlockedPlacement(cloud, Optional.empty(), Optional.empty(), false);
    }

    /** Blocks a region of a cloud. */
    public static BlockedPlacement region(String cloud, String region) {
        return new BlockedPlacement(cloud, Optional.of(region), Optional.empty(), false);
    }

    /** Blocks one zone. */
    public static BlockedPlacement zone(String cloud, String region, String zone) {
        return new BlockedPlacement(cloud, Optional.of(region), Optional.of(zone), false);
    }

    /** Blocks where {@code p} ran: its zone (or region when it has none), for its kind of capacity only. */
    public static BlockedPlacement of(Placement p) {
        return new BlockedPlacement(p.cloud(), Optional.of(p.region()), p.zone(), p.spot());
    }

    /** Whether this block covers {@code offering} bought as spot ({@code spot}) or on demand. */
    public boolean blocks(Offering offering, boolean spot) {
        if (spotOnly && !spot) {
            return false;
        }
        return cloud.equals(offering.cloud())
                && region.map(r -> r.equals(offering.region())).orElse(true)
                && zone.map(z -> offering.zone().map(z::equals).orElse(false)).orElse(true);
    }

    @Override
    public String toString() {
        return cloud + region.map(r -> "/" + r).orElse("") + zone.map(z -> "/" + z).orElse("")
                + (spotOnly ? " (spot)" : "");
    }
}
