package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects skyrun makes on the allowed contexts, found by label: pods (the compute), and the
 * services and Secrets of their clusters (auxiliaries, removed once the pods are gone). A
 * resource's id is {@code CONTEXT/NAMESPACE/NAME}.
 *
 * @param contexts the allowed contexts and their clients
 */
record KubeResources(KubeContexts contexts) {

    static final String POD = "pod";
    static final String SERVICE = "service";

    /** The resource id of an object. */
    static String id(String context, String namespace, String name) {
        return context + "/" + namespace + "/" + name;
    }

    /** Objects of {@code kind} carrying {@code labels} (an empty value: any value of the key) on every allowed context. */
    List<CloudResource> find(String kind, Labels labels) {
        Map<String, String> wanted = KubeNames.labels(labels);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("refusing to list every object: give at least one label");
        }
        List<CloudResource> out = new ArrayList<>();
        for (String context : contexts.names()) {
            KubernetesClient client = contexts.client(context);
            String ns = contexts.namespace(context);
            List<? extends HasMetadata> listed = KubeErrors.call(context, ns, "list " + kind + "s labelled " + wanted,
                    () -> list(client, type(kind), ns, wanted));
            for (HasMetadata o : listed) {
                if (o.getMetadata().getDeletionTimestamp() == null || !kind.equals(POD)) {
                    out.add(new CloudResource(KubeProvider.NAME, kind, id(context, ns, o.getMetadata().getName()),
                            Optional.ofNullable(o.getMetadata().getLabels()).orElse(Map.of())));
                }
            }
        }
        return out;
    }

    /** Deletes an object (pods at once, without a grace period: the run is over); absent is fine. */
    void remove(CloudResource r) {
        String[] at = r.id().split("/", 3);
        KubernetesClient client = contexts.client(at[0]);
        KubeErrors.call(at[0], at[1], "delete " + r.kind() + " " + at[2], () -> {
            var one = client.resources(type(r.kind())).inNamespace(at[1]).withName(at[2]);
            return r.kind().equals(POD) ? one.withGracePeriod(0).delete() : one.delete();
        });
    }

    /** Those of {@code pods} the API still has (a pod being deleted counts until it is gone). */
    List<CloudResource> live(List<CloudResource> pods) {
        List<CloudResource> out = new ArrayList<>();
        for (CloudResource r : pods) {
            String[] at = r.id().split("/", 3);
            KubernetesClient client = contexts.client(at[0]);
            if (KubeErrors.call(at[0], at[1], "get " + r.kind() + " " + at[2],
                    () -> client.resources(type(r.kind())).inNamespace(at[1]).withName(at[2]).get()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static <T extends HasMetadata> List<T> list(KubernetesClient client, Class<T> type, String ns, Map<String, String> wanted) {
        var filtered = client.resources(type).inNamespace(ns).withLabels(Map.of());
        for (var e : wanted.entrySet()) {
            filtered = e.getValue().isEmpty() ? filtered.withLabel(e.getKey()) : filtered.withLabel(e.getKey(), e.getValue());
        }
        return filtered.list().getItems();
    }

    private static Class<? extends HasMetadata> type(String kind) {
        return switch (kind) {
            case POD -> io.fabric8.kubernetes.api.model.Pod.class;
            case SERVICE -> io.fabric8.kubernetes.api.model.Service.class;
            case dev.skyrun.cloud.Cloud.SECRET -> io.fabric8.kubernetes.api.model.Secret.class;
            default -> throw new IllegalArgumentException("kubernetes makes no " + kind);
        };
    }
}
