package dev.skyrun.cloud;

import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the plan's alternative asks of a placement's nodes besides the hardware: the job's container
 * image, the ports to open and the OS disk tier. Each {@code any_of}/{@code ordered} entry may ask for
 * its own (merged over its parent's), so they travel with the {@link Placement} the entry produced.
 *
 * @param image the container image the job runs in; empty for the cloud's default image
 * @param ports ports to open to the world on every node
 * @param diskTier the OS disk tier; empty for the cloud's default
 */
public record NodeOptions(Optional<String> image, List<PortRange> ports, Optional<DiskTier> diskTier) {

    /** The cloud's default image, no port opened, the default disk. */
    public static final NodeOptions DEFAULTS = new NodeOptions(Optional.empty(), List.of(), Optional.empty());

    public NodeOptions {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(diskTier, "diskTier");
        ports = List.copyOf(ports);
    }
}
