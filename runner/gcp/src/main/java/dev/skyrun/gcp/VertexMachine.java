package dev.skyrun.gcp;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.MachineSpec;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Vertex AI {@code machineSpec} of a placement: the machine type as the catalog names it,
 * the accelerator type (GPUs, and TPUs: {@code tpu-v5litepod-4} on {@code ct5lp-hightpu-4t} is
 * {@code TPU_V5_LITEPOD} x4 with topology {@code 2x2}; {@code tpu-v3-8} on {@code cloud-tpu} is
 * {@code TPU_V3} x8) and the count.
 */
final class VertexMachine {

    /** Canonical accelerator names (upper case) to Vertex AI's GPU types. */
    private static final Map<String, AcceleratorType> GPUS = Map.ofEntries(
            Map.entry("T4", AcceleratorType.NVIDIA_TESLA_T4),
            Map.entry("V100", AcceleratorType.NVIDIA_TESLA_V100),
            Map.entry("P100", AcceleratorType.NVIDIA_TESLA_P100),
            Map.entry("P4", AcceleratorType.NVIDIA_TESLA_P4),
            Map.entry("K80", AcceleratorType.NVIDIA_TESLA_K80),
            Map.entry("A100", AcceleratorType.NVIDIA_TESLA_A100),
            Map.entry("A100-80GB", AcceleratorType.NVIDIA_A100_80GB),
            Map.entry("L4", AcceleratorType.NVIDIA_L4),
            Map.entry("H100", AcceleratorType.NVIDIA_H100_80GB),
            Map.entry("H100-MEGA", AcceleratorType.NVIDIA_H100_MEGA_80GB),
            Map.entry("H200", AcceleratorType.NVIDIA_H200_141GB),
            Map.entry("B200", AcceleratorType.NVIDIA_B200));

    /** TPU generations Vertex AI custom training offers. */
    private static final Map<String, AcceleratorType> TPUS = Map.of(
            "v2", AcceleratorType.TPU_V2,
            "v3", AcceleratorType.TPU_V3,
            "v5litepod", AcceleratorType.TPU_V5_LITEPOD);

    private VertexMachine() {}

    /** The machine spec of one replica of the placement. */
    static MachineSpec of(Placement p) {
        MachineSpec.Builder b = MachineSpec.newBuilder().setMachineType(p.instanceType());
        Optional<AcceleratorChoice> acc = p.accelerator();
        if (acc.isEmpty()) {
            return b.build();
        }
        String name = acc.get().name().toUpperCase(Locale.ROOT);
        if (name.startsWith("TPU-")) {
            TpuSlice slice = TpuSlice.of(p).orElseThrow();
            AcceleratorType type = TPUS.get(slice.generation());
            if (type == null) {
                throw unsupported(p, acc.get().name());
            }
            b.setAcceleratorType(type).setAcceleratorCount(slice.size());
            if (slice.generation().equals("v5litepod")) {
                b.setTpuTopology(topology(slice.size()));
            }
            return b.build();
        }
        AcceleratorType gpu = GPUS.get(name);
        if (gpu == null) {
            throw unsupported(p, acc.get().name());
        }
        return b.setAcceleratorType(gpu).setAcceleratorCount((int) Math.ceil(acc.get().count())).build();
    }

    /** The 2D topology of a v5e slice of {@code chips} chips: 1x1, 2x2, 2x4, 4x4, 4x8, 8x8, 8x16, 16x16. */
    static String topology(int chips) {
        int x = 1;
        while (x * x < chips) {
            x *= 2;
        }
        int y = x * x == chips ? x : x / 2;
        if (x * y != chips) {
            throw new InvalidInputException("vertex: a TPU v5e slice has 1, 4, 8, 16, 32, 64, 128 or 256 chips, not " + chips);
        }
        return y + "x" + x;
    }

    private static CloudException unsupported(Placement p, String accelerator) {
        return new CloudException("vertex " + p.region() + ": Vertex AI custom training does not offer " + accelerator
                + " (GPUs: " + String.join(", ", GPUS.keySet().stream().sorted().toList())
                + "; TPUs: tpu-v2-8, tpu-v3-8, tpu-v5litepod-N); pick another accelerator or infra: gcp");
    }
}
