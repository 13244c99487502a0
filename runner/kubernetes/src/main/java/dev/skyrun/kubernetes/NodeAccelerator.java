package dev.skyrun.kubernetes;

import dev.skyrun.catalog.AcceleratorNames;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What accelerator a cluster node has, read from the labels its provider or a device plug-in puts
 * on it, and how a pod asks for it: the label to select it by and the extended resource to limit.
 *
 * <p>GPU product labels: GKE's {@code cloud.google.com/gke-accelerator: nvidia-tesla-t4},
 * EKS/Karpenter's {@code karpenter.k8s.aws/instance-gpu-name: t4}, NVIDIA GPU feature discovery's
 * {@code nvidia.com/gpu.product: Tesla-T4}; TPUs on GKE: {@code cloud.google.com/gke-tpu-accelerator:
 * tpu-v5-lite-podslice} with {@code cloud.google.com/gke-tpu-topology: 2x4}; AWS Neuron devices by
 * Karpenter's {@code karpenter.k8s.aws/instance-accelerator-name}. The count is the node's
 * allocatable {@code nvidia.com/gpu}, {@code google.com/tpu} or {@code aws.amazon.com/neuron}.
 *
 * @param name the canonical accelerator name ({@code T4}, {@code tpu-v5litepod-8}); unknown products keep the label's value
 * @param labelKey the node label that says it
 * @param labelValue that label's value on the node
 * @param resource the extended resource a pod limits ({@code nvidia.com/gpu})
 * @param count how many the node has allocatable
 * @param topology a TPU node's slice topology ({@code 2x4}), else empty
 */
record NodeAccelerator(String name, String labelKey, String labelValue, String resource, int count, String topology) {

    static final String GKE_GPU = "cloud.google.com/gke-accelerator";
    static final String KARPENTER_GPU = "karpenter.k8s.aws/instance-gpu-name";
    static final String GFD_GPU = "nvidia.com/gpu.product";
    static final String GKE_TPU = "cloud.google.com/gke-tpu-accelerator";
    static final String GKE_TPU_TOPOLOGY = "cloud.google.com/gke-tpu-topology";
    static final String KARPENTER_ACCELERATOR = "karpenter.k8s.aws/instance-accelerator-name";

    static final String GPU = "nvidia.com/gpu";
    static final String TPU = "google.com/tpu";
    static final String NEURON = "aws.amazon.com/neuron";

    /** The GPU product labels, in the order they are trusted. */
    static final List<String> GPU_LABELS = List.of(GKE_GPU, KARPENTER_GPU, GFD_GPU);

    /** GKE TPU accelerator label values and skyrun's TPU version names. */
    private static final Map<String, String> TPU_VERSIONS = Map.of(
            "tpu-v4-podslice", "v4", "tpu-v5-lite-podslice", "v5litepod", "tpu-v5-lite-device", "v5litepod",
            "tpu-v5p-slice", "v5p", "tpu-v6e-slice", "v6e");

    /** The accelerator {@code node} has allocatable, if any. */
    static Optional<NodeAccelerator> of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        int gpus = allocatable(node, GPU);
        if (gpus > 0) {
            for (String key : GPU_LABELS) {
                String value = labels.get(key);
                if (value != null && !value.isBlank()) {
                    return Optional.of(new NodeAccelerator(gpuName(value), key, value, GPU, gpus, ""));
                }
            }
            return Optional.of(new NodeAccelerator("GPU", "", "", GPU, gpus, ""));
        }
        int tpus = allocatable(node, TPU);
        String tpu = labels.get(GKE_TPU);
        if (tpus > 0 && tpu != null) {
            String topology = labels.getOrDefault(GKE_TPU_TOPOLOGY, "");
            return Optional.of(new NodeAccelerator(tpuName(tpu, topology, tpus), GKE_TPU, tpu, TPU, tpus, topology));
        }
        int neuron = allocatable(node, NEURON);
        if (neuron > 0) {
            String value = labels.getOrDefault(KARPENTER_ACCELERATOR, "");
            String name = value.isBlank() ? "Trainium" : AcceleratorNames.canonical(value).orElse(value);
            return Optional.of(new NodeAccelerator(name, value.isBlank() ? "" : KARPENTER_ACCELERATOR, value, NEURON, neuron, ""));
        }
        return Optional.empty();
    }

    /** {@code nvidia-tesla-t4}, {@code t4}, {@code NVIDIA-A100-SXM4-40GB}, {@code Tesla-T4}: the canonical GPU name. */
    static String gpuName(String labelValue) {
        String v = labelValue.strip().toLowerCase(Locale.ROOT);
        for (String prefix : List.of("nvidia-tesla-", "nvidia-", "tesla-")) {
            if (v.startsWith(prefix)) {
                v = v.substring(prefix.length());
                break;
            }
        }
        Optional<String> whole = AcceleratorNames.canonical(v);
        if (whole.isPresent()) {
            return whole.get();
        }
        String[] parts = v.split("-");
        // A100-SXM4-80GB is the 80 GB A100; A100-SXM4-40GB the plain one
        if (parts.length > 1 && AcceleratorNames.canonical(parts[0] + "-" + parts[parts.length - 1]).isPresent()) {
            return AcceleratorNames.canonical(parts[0] + "-" + parts[parts.length - 1]).get();
        }
        return AcceleratorNames.canonical(parts[0]).orElse(labelValue.strip());
    }

    /** {@code tpu-v5-lite-podslice} with topology {@code 2x4}: {@code tpu-v5litepod-8} (chips of the slice). */
    static String tpuName(String accelerator, String topology, int chipsOnNode) {
        String version = TPU_VERSIONS.get(accelerator);
        if (version == null) {
            return accelerator;
        }
        int chips = 1;
        try {
            for (String d : topology.split("x")) {
                chips *= Integer.parseInt(d.strip());
            }
        } catch (NumberFormatException e) {
            chips = chipsOnNode;
        }
        return "tpu-" + version + "-" + chips;
    }

    /** The node's allocatable amount of {@code resource}, 0 when it has none. */
    static int allocatable(Node node, String resource) {
        Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        Quantity q = alloc == null ? null : alloc.get(resource);
        return q == null ? 0 : Quantity.getAmountInBytes(q).intValue();
    }
}
