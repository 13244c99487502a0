package dev.skyrun.cloud;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Provisioned nodes of one attempt, as the plug-in identifies them.
 *
 * @param cloud cloud name
 * @param name cluster name
 * @param placement where it runs
 * @param nodeIds provider ids of the nodes, rank order
 * @param attributes plug-in specific facts needed to find it again (network id, zone...)
 */
public record Cluster(String cloud, String name, Placement placement, List<String> nodeIds, Map<String, String> attributes) {
    public Cluster {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(placement, "placement");
        nodeIds = List.copyOf(nodeIds);
        attributes = Map.copyOf(attributes);
    }
}
