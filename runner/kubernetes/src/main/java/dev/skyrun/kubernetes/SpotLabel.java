package dev.skyrun.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node label by which a provider marks spot capacity, and the taint it may put with it: GKE's
 * {@code cloud.google.com/gke-spot=true}, Karpenter's {@code karpenter.sh/capacity-type=spot}, AKS's
 * {@code kubernetes.azure.com/scalesetpriority=spot} (AKS taints spot pools with it).
 *
 * @param key the label's key
 * @param value the label's value on spot nodes
 */
record SpotLabel(String key, String value) {

    /** Every provider's spot label, in the order they are tried. */
    static final List<SpotLabel> ALL = List.of(
            new SpotLabel("cloud.google.com/gke-spot", "true"),
            new SpotLabel("karpenter.sh/capacity-type", "spot"),
            new SpotLabel("kubernetes.azure.com/scalesetpriority", "spot"));

    /** The spot label {@code node} carries, if it is a spot node. */
    static Optional<SpotLabel> of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return ALL.stream().filter(s -> s.value.equals(labels.get(s.key))).findFirst();
    }
}
