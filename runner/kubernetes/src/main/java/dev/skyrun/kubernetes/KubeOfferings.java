package dev.skyrun.kubernetes;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Placement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one context's nodes offer: an {@link Offering} per kind of node (accelerator, count per
 * node, spot or not), priced at the configured USD per accelerator-hour (0 by default: the cluster
 * is paid for), with how many accelerators are free now; and, for a placement, the labels its pods
 * must select ({@link #target}).
 *
 * @param context the context (the offering's region)
 * @param nodes the context's nodes
 * @param pods the pods running on them (what is not free)
 * @param pricePerGpuHour USD per accelerator-hour
 */
record KubeOfferings(String context, List<Node> nodes, List<Pod> pods, double pricePerGpuHour) {

    /**
     * One kind of node and how much of its accelerator is free.
     *
     * @param offering the offering
     * @param total accelerators on nodes of this kind
     * @param free accelerators not requested by a running or pending pod
     */
    record Capacity(Offering offering, int total, int free) {}

    /** The instance type skyrun shows for a pod of {@code count} accelerators on a node kind: {@code 8CPU--32GB--1xT4} (SkyPilot's spelling). */
    static String instanceType(double cpus, double memoryGib, Optional<NodeAccelerator> a, int count) {
        return String.format(Locale.ROOT, "%sCPU--%sGB%s", trim(cpus), trim(Math.floor(memoryGib)),
                a.map(x -> "--" + count + "x" + x.name()).orElse(""));
    }

    /**
     * One offering per kind of schedulable node and accelerator count a pod may ask of it (1, 2,
     * 4... up to all of a node's), each with the free accelerators of that kind.
     */
    List<Capacity> capacities() {
        record Kind(Optional<NodeAccelerator> accelerator, boolean spot, double cpus, double memoryGib) {}
        Map<Kind, int[]> kinds = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (Boolean.TRUE.equals(n.getSpec() == null ? null : n.getSpec().getUnschedulable())) {
                continue;
            }
            Optional<NodeAccelerator> a = NodeAccelerator.of(n);
            Kind kind = new Kind(a, SpotLabel.of(n).isPresent(), amount(n, "cpu"), amount(n, "memory") / (1024.0 * 1024 * 1024));
            int total = a.map(NodeAccelerator::count).orElse(0);
            int[] sums = kinds.computeIfAbsent(kind, k -> new int[2]);
            sums[0] += total;
            sums[1] += a.map(x -> Math.max(0, total - requested(n, x.resource()))).orElse(0);
        }
        List<Capacity> out = new ArrayList<>();
        kinds.forEach((k, sums) -> {
            for (int count : counts(k.accelerator().map(NodeAccelerator::count).orElse(0))) {
                double price = pricePerGpuHour * count;
                out.add(new Capacity(new Offering(KubeProvider.NAME, instanceType(k.cpus(), k.memoryGib(), k.accelerator(), count),
                        k.accelerator().map(NodeAccelerator::name), count, k.cpus(), k.memoryGib(), price,
                        k.spot() ? OptionalDouble.of(price) : OptionalDouble.empty(), context, Optional.empty()), sums[0], sums[1]));
            }
        });
        return out;
    }

    /** The accelerator counts a pod may ask of a node with {@code perNode}: powers of two below it, and all of it. */
    private static List<Integer> counts(int perNode) {
        List<Integer> out = new ArrayList<>();
        for (int c = 1; c < perNode; c *= 2) {
            out.add(c);
        }
        out.add(perNode);
        return out;
    }

    /**
     * The node labels a placement's pods select: a node with its accelerator (and, on spot, a
     * spot label) must exist in the context, else the context has no capacity for it.
     */
    PodTemplate.Target target(Placement p) throws CapacityException {
        int count = p.accelerator().map(a -> (int) Math.ceil(a.count())).orElse(0);
        List<String> seen = new ArrayList<>();
        for (Node n : nodes) {
            Optional<NodeAccelerator> a = NodeAccelerator.of(n);
            Optional<SpotLabel> spot = SpotLabel.of(n);
            a.ifPresent(x -> seen.add(x.name() + (spot.isPresent() ? " (spot)" : "")));
            boolean accelerator = p.accelerator().isEmpty()
                    || a.filter(x -> x.name().equalsIgnoreCase(p.accelerator().get().name()) && x.count() >= count).isPresent();
            if (accelerator && (!p.spot() || spot.isPresent())) {
                return new PodTemplate.Target(p.accelerator().isPresent() ? a : Optional.empty(), count,
                        p.spot() ? spot : Optional.empty());
            }
        }
        throw new CapacityException(CapacityException.Scope.REGION, "kubernetes " + context + ": no node has "
                + p.accelerator().map(a -> a.count() + "x " + a.name()).orElse("CPUs") + (p.spot() ? " on spot" : "")
                + " (nodes offer: " + (seen.isEmpty() ? "no accelerators" : String.join(", ", seen.stream().distinct().toList()))
                + "); trying the next context");
    }

    private int requested(Node n, String resource) {
        int used = 0;
        for (Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!n.getMetadata().getName().equals(pod.getSpec().getNodeName()) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            for (var c : pod.getSpec().getContainers()) {
                Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
                Quantity q = limits == null ? null : limits.get(resource);
                used += q == null ? 0 : Quantity.getAmountInBytes(q).intValue();
            }
        }
        return used;
    }

    private static double amount(Node n, String resource) {
        Quantity q = n.getStatus() == null || n.getStatus().getAllocatable() == null ? null : n.getStatus().getAllocatable().get(resource);
        return q == null ? 0 : Quantity.getAmountInBytes(q).doubleValue();
    }

    private static String trim(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.1f", n);
    }
}
