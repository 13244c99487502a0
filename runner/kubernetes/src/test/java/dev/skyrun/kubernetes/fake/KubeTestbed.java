package dev.skyrun.kubernetes.fake;

import dev.skyrun.cloud.CloudSettings;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kubernetes clusters for tests: each a fabric8 mock API server in CRUD mode on loopback (with the
 * pod log subresource served by {@link ApiDispatcher}) and a {@link StandInKubelet} running
 * its pods on the local Docker engine, named by a kubeconfig context in a kubeconfig file the cloud
 * reads. {@link #close} stops the kubelets (removing their containers) and the servers.
 */
public final class KubeTestbed implements AutoCloseable {

    /** The namespace the tests' clusters have and skyrun is configured to use. */
    public static final String NAMESPACE = "ml";

    /** One test cluster. */
    public record TestCluster(String context, KubernetesMockServer server, KubernetesClient api, StandInKubelet kubelet, ApiDispatcher dispatcher) {}

    private final Path dir;
    private final Map<String, TestCluster> clusters = new LinkedHashMap<>();

    public KubeTestbed(Path dir) {
        this.dir = dir;
    }

    /** Starts a cluster named by {@code context} with {@code nodes}. */
    public TestCluster cluster(String context, List<Node> nodes) {
        ApiDispatcher dispatcher = new ApiDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("mock API server did not start", e);
        }
        KubernetesClient api = server.createClient();
        api.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        nodes.forEach(n -> api.nodes().resource(n).create());
        StandInKubelet kubelet = new StandInKubelet(api, context + "-" + UUID.randomUUID().toString().substring(0, 6));
        dispatcher.serveLogsFrom(kubelet::logs);
        TestCluster c = new TestCluster(context, server, api, kubelet, dispatcher);
        clusters.put(context, c);
        writeKubeconfig();
        return c;
    }

    /** The cluster of {@code context}. */
    public TestCluster get(String context) {
        return clusters.get(context);
    }

    /** Settings of the cloud {@code kubernetes} over these clusters: the kubeconfig, every context allowed in order. */
    public CloudSettings settings(Map<String, String> more) {
        Map<String, String> props = new HashMap<>(env());
        props.putAll(more);
        Map<String, String> lower = new HashMap<>();
        props.forEach((k, v) -> lower.put(k.substring("SKYRUN_KUBERNETES_".length()).toLowerCase(java.util.Locale.ROOT), v));
        return new CloudSettings("kubernetes", Optional.empty(), lower);
    }

    /** The environment that points skyrun's kubernetes cloud at these clusters. */
    public Map<String, String> env() {
        return Map.of("SKYRUN_KUBERNETES_KUBECONFIG", kubeconfig().toString(),
                "SKYRUN_KUBERNETES_CONTEXTS", String.join(",", clusters.keySet()),
                "SKYRUN_KUBERNETES_NAMESPACE", NAMESPACE, "SKYRUN_KUBERNETES_POLL_MS", "200",
                "SKYRUN_KUBERNETES_UNSCHEDULABLE_TIMEOUT_S", "2");
    }

    public Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    /** A node with {@code gpus} allocatable {@code nvidia.com/gpu}, labelled and tainted as given. */
    public static Node gpuNode(String name, Map<String, String> labels, int gpus, List<Taint> taints) {
        Map<String, Quantity> alloc = new LinkedHashMap<>(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi")));
        if (gpus > 0) {
            alloc.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
        }
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus().build();
    }

    private void writeKubeconfig() {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        clusters.values().forEach(c -> y.append("- name: ").append(c.context()).append("\n  cluster:\n    server: http://127.0.0.1:")
                .append(c.server().getPort()).append("\n"));
        y.append("contexts:\n");
        clusters.values().forEach(c -> y.append("- name: ").append(c.context()).append("\n  context:\n    cluster: ")
                .append(c.context()).append("\n    user: tester\n"));
        y.append("users:\n- name: tester\n  user:\n    token: test-token\ncurrent-context: ")
                .append(clusters.keySet().iterator().next()).append("\n");
        try {
            Files.writeString(kubeconfig(), y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (TestCluster c : clusters.values()) {
            c.kubelet().close();
            c.api().close();
            c.server().destroy();
        }
    }
}
