package dev.skyrun.cloud;

import java.util.LinkedHashMap;
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
 * @param attributes plug-in specific facts needed to find it again (network id, zone...); the
 *     labels a managed job is tagged with ride along as {@code label.KEY} ({@link #withLabels})
 */
public record Cluster(String cloud, String name, Placement placement, List<String> nodeIds, Map<String, String> attributes) {
    public Cluster {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(placement, "placement");
        nodeIds = List.copyOf(nodeIds);
        attributes = Map.copyOf(attributes);
    }

    /** The prefix of the attributes that carry labels ({@link #withLabels}, {@link #labelAttributes}). */
    private static final String LABEL = "label.";

    /** {@code attributes} and each of {@code labels} as the attribute {@code label.KEY}, read back by {@link #labelAttributes}. */
    public static Map<String, String> withLabels(Map<String, String> attributes, Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>(attributes);
        labels.forEach((k, v) -> out.put(LABEL + k, v));
        return out;
    }

    /** The labels this cluster carries as {@code label.KEY} attributes ({@link #withLabels}), keyed without the prefix. */
    public Map<String, String> labelAttributes() {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (k.startsWith(LABEL)) {
                out.put(k.substring(LABEL.length()), v);
            }
        });
        return out;
    }
}
