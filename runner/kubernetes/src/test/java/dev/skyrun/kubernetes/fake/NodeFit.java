package dev.skyrun.kubernetes.fake;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stand-in scheduler's filter: why a pod does not fit a node (selector, taints, extended resources), if it does not. */
final class NodeFit {

    private NodeFit() {}

    static Optional<String> refusal(Node node, Pod pod, List<Pod> all) {
        Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> selector = Optional.ofNullable(pod.getSpec().getNodeSelector()).orElse(Map.of());
        if (!selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return Optional.of("1 node(s) didn't match Pod's node affinity/selector");
        }
        List<Toleration> tolerations = Optional.ofNullable(pod.getSpec().getTolerations()).orElse(List.of());
        for (Taint t : Optional.ofNullable(node.getSpec().getTaints()).orElse(List.of())) {
            if ("NoSchedule".equals(t.getEffect()) && tolerations.stream().noneMatch(tol -> tolerates(tol, t))) {
                return Optional.of("1 node(s) had untolerated taint {" + t.getKey() + ": " + t.getValue() + "}");
            }
        }
        Map<String, Quantity> limits = Optional.ofNullable(pod.getSpec().getContainers().get(0).getResources().getLimits()).orElse(Map.of());
        for (var want : limits.entrySet()) {
            Quantity have = node.getStatus().getAllocatable().get(want.getKey());
            int free = (have == null ? 0 : amount(have)) - used(node, want.getKey(), all);
            if (free < amount(want.getValue())) {
                return Optional.of("1 Insufficient " + want.getKey());
            }
        }
        return Optional.empty();
    }

    private static boolean tolerates(Toleration tol, Taint t) {
        boolean key = tol.getKey() == null || tol.getKey().equals(t.getKey());
        boolean value = "Exists".equals(tol.getOperator()) || java.util.Objects.equals(tol.getValue(), t.getValue());
        boolean effect = tol.getEffect() == null || tol.getEffect().equals(t.getEffect());
        return key && value && effect;
    }

    private static int used(Node node, String resource, List<Pod> all) {
        int used = 0;
        for (Pod p : all) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (node.getMetadata().getName().equals(p.getSpec().getNodeName()) && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                Quantity q = Optional.ofNullable(p.getSpec().getContainers().get(0).getResources().getLimits()).orElse(Map.of()).get(resource);
                used += q == null ? 0 : amount(q);
            }
        }
        return used;
    }

    private static int amount(Quantity q) {
        return Quantity.getAmountInBytes(q).intValue();
    }
}
