package dev.skyrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accelerator a node has, as GKE, EKS/Karpenter, NVIDIA GPU feature discovery and GKE TPU pools label it. */
class NodeAcceleratorTest {

    @Test
    void gpuProductLabelsOfEachProviderNameTheSameGpu() {
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.GKE_GPU, "nvidia-tesla-t4"), "nvidia.com/gpu", "4")))
                .hasValueSatisfying(a -> {
                    assertThat(a.name()).isEqualTo("T4");
                    assertThat(a.count()).isEqualTo(4);
                    assertThat(a.resource()).isEqualTo("nvidia.com/gpu");
                });
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.KARPENTER_GPU, "a10g"), "nvidia.com/gpu", "1")).orElseThrow().name())
                .isEqualTo("A10G");
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.GFD_GPU, "NVIDIA-A100-SXM4-80GB"), "nvidia.com/gpu", "8")).orElseThrow()
                .name()).isEqualTo("A100-80GB");
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.GKE_GPU, "nvidia-h100-80gb"), "nvidia.com/gpu", "8")).orElseThrow()
                .name()).isEqualTo("H100");
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.GFD_GPU, "NVIDIA-L4"), "nvidia.com/gpu", "1")).orElseThrow().name())
                .isEqualTo("L4");
    }

    @Test
    void aGkeTpuSliceIsNamedByVersionAndChips() {
        var tpu = NodeAccelerator.of(node(Map.of(NodeAccelerator.GKE_TPU, "tpu-v5-lite-podslice", NodeAccelerator.GKE_TPU_TOPOLOGY, "2x4"),
                "google.com/tpu", "8")).orElseThrow();
        assertThat(tpu.name()).isEqualTo("tpu-v5litepod-8");
        assertThat(tpu.resource()).isEqualTo("google.com/tpu");
        assertThat(tpu.topology()).isEqualTo("2x4");
    }

    @Test
    void aNodeWithoutAllocatableAcceleratorsHasNone() {
        assertThat(NodeAccelerator.of(node(Map.of(NodeAccelerator.GKE_GPU, "nvidia-tesla-t4"), "cpu", "8"))).isEmpty();
    }

    private static Node node(Map<String, String> labels, String resource, String amount) {
        return new NodeBuilder().withNewMetadata().withName("n").withLabels(labels).endMetadata().withNewStatus()
                .withAllocatable(Map.of(resource, new Quantity(amount))).endStatus().build();
    }
}
