package dev.skyrun.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Pairs GCP accelerators that are priced on their own with the hosts that can carry them.
 *
 * <p>On GCP a GPU VM's price is the host machine type's price plus the GPUs' price, and the
 * catalog lists them on separate rows. Which host fits is fixed by Compute Engine:
 * <ul>
 *   <li>A100, A100-80GB, H100, H100-MEGA, H200, B200 and L4 come only on their accelerator-optimized
 *       machine types (A2, A3, A4, G2), one type (or, for one L4, a few) per GPU count;</li>
 *   <li>T4, V100, P100 and P4 attach to N1 machine types (standard, highmem, highcpu) within
 *       Compute Engine's documented maximum vCPUs and memory for the GPU count;</li>
 *   <li>TPUs run as TPU VMs with no separate host: the TPU's price is the whole price.</li>
 * </ul>
 * The accelerator-optimized hosts are not sold without their GPUs, and the {@code n1-*-tpu}
 * rows are catalog bookkeeping for TPU nodes, so neither is offered on its own.
 */
final class GcpAttachments {
    /** The instance type of a TPU VM offering. */
    static final String TPU_VM = "TPU-VM";

    /** Hosts per accelerator and count, from Compute Engine's GPU machine-type tables. */
    private static final Map<String, Map<Integer, List<String>>> FIXED_HOSTS = Map.of(
            "A100", Map.of(1, List.of("a2-highgpu-1g"), 2, List.of("a2-highgpu-2g"), 4, List.of("a2-highgpu-4g"),
                    8, List.of("a2-highgpu-8g"), 16, List.of("a2-megagpu-16g")),
            "A100-80GB", Map.of(1, List.of("a2-ultragpu-1g"), 2, List.of("a2-ultragpu-2g"),
                    4, List.of("a2-ultragpu-4g"), 8, List.of("a2-ultragpu-8g")),
            "H100", Map.of(1, List.of("a3-highgpu-1g"), 2, List.of("a3-highgpu-2g"), 4, List.of("a3-highgpu-4g"),
                    8, List.of("a3-highgpu-8g")),
            "H100-MEGA", Map.of(8, List.of("a3-megagpu-8g")),
            "H200", Map.of(8, List.of("a3-ultragpu-8g")),
            "B200", Map.of(8, List.of("a4-highgpu-8g")),
            "L4", Map.of(1, List.of("g2-standard-4", "g2-standard-8", "g2-standard-12", "g2-standard-16",
                    "g2-standard-32"), 2, List.of("g2-standard-24"), 4, List.of("g2-standard-48"),
                    8, List.of("g2-standard-96")));

    /**
     * N1 limits per GPU count: {max vCPUs, max memory GiB}, from Compute Engine's table of GPUs
     * on N1 general-purpose machine types (cloud.google.com/compute/docs/gpus).
     */
    private static final Map<String, Map<Integer, int[]>> N1_LIMITS = Map.of(
            "T4", Map.of(1, new int[] {48, 312}, 2, new int[] {48, 312}, 4, new int[] {96, 624}),
            "P4", Map.of(1, new int[] {24, 156}, 2, new int[] {48, 312}, 4, new int[] {96, 624}),
            "V100", Map.of(1, new int[] {12, 78}, 2, new int[] {24, 156}, 4, new int[] {48, 312},
                    8, new int[] {96, 624}),
            "P100", Map.of(1, new int[] {16, 104}, 2, new int[] {32, 208}, 4, new int[] {64, 208}));

    private GcpAttachments() {}

    /** Whether a GCP machine type is offered on its own (not only as a GPU host or TPU bookkeeping). */
    static boolean standalone(String instanceType) {
        return !(instanceType.startsWith("a2-") || instanceType.startsWith("a3-") || instanceType.startsWith("a4-")
                || instanceType.startsWith("g2-") || (instanceType.startsWith("n1-") && instanceType.endsWith("-tpu")));
    }

    /** The offerings made of a host and its attached accelerators, and TPU VMs. */
    static List<Offering> combine(List<Offering> hosts, List<VmsCsv.Attachable> attachables) {
        Map<String, List<Offering>> hostsByZone = new HashMap<>();
        for (Offering h : hosts) {
            if (h.acceleratorName().isEmpty() && canHost(h.instanceType())) {
                hostsByZone.computeIfAbsent(h.zone().orElse(h.region()), z -> new ArrayList<>()).add(h);
            }
        }
        List<Offering> out = new ArrayList<>();
        for (VmsCsv.Attachable a : attachables) {
            if (a.accelerator().startsWith("tpu-")) {
                out.add(tpuVm(a));
                continue;
            }
            for (Offering h : hostsByZone.getOrDefault(a.zone().isEmpty() ? a.region() : a.zone(), List.of())) {
                if (fits(a, h)) {
                    out.add(attach(a, h));
                }
            }
        }
        return out;
    }

    /** Whether a GCP machine type can carry attached GPUs (A2/A3/A4/G2 or N1 standard, highmem, highcpu). */
    static boolean mayHost(String type) {
        return canHost(type);
    }

    private static boolean canHost(String type) {
        return !standalone(type) || type.startsWith("n1-standard-") || type.startsWith("n1-highmem-")
                || type.startsWith("n1-highcpu-");
    }

    private static boolean fits(VmsCsv.Attachable a, Offering host) {
        int count = (int) a.count();
        Map<Integer, List<String>> fixed = FIXED_HOSTS.get(a.accelerator());
        if (fixed != null) {
            return fixed.getOrDefault(count, List.of()).contains(host.instanceType());
        }
        Map<Integer, int[]> limits = N1_LIMITS.get(a.accelerator());
        int[] max = limits == null ? null : limits.get(count);
        return max != null && host.instanceType().startsWith("n1-") && standalone(host.instanceType())
                && host.vcpus() <= max[0] && host.memoryGib() <= max[1];
    }

    private static Offering attach(VmsCsv.Attachable a, Offering host) {
        OptionalDouble spot = host.spotPrice().isPresent() && !Double.isNaN(a.spot())
                ? OptionalDouble.of(round(host.spotPrice().getAsDouble() + a.spot()))
                : OptionalDouble.empty();
        return new Offering(host.cloud(), host.instanceType(), Optional.of(a.accelerator()), a.count(),
                host.vcpus(), host.memoryGib(), round(host.onDemandPrice() + a.price()), spot,
                host.region(), host.zone());
    }

    private static Offering tpuVm(VmsCsv.Attachable a) {
        OptionalDouble spot = Double.isNaN(a.spot()) ? OptionalDouble.empty() : OptionalDouble.of(a.spot());
        return new Offering("gcp", TPU_VM, Optional.of(a.accelerator()), a.count(), 0, 0, a.price(), spot,
                a.region(), a.zone().isEmpty() ? Optional.empty() : Optional.of(a.zone()));
    }

    /** Sums of two catalog prices, kept to the catalog's precision (no 0.30000000000000004). */
    static double round(double price) {
        return Math.round(price * 1e6) / 1e6;
    }
}
