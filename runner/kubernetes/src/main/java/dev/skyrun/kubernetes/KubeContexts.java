package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CredentialException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig contexts skyrun may use, each the cloud's region, with one client each (built on
 * first use): the only place a kubeconfig is read.
 */
final class KubeContexts implements AutoCloseable {

    private final KubeConfig config;
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    private List<String> names;

    KubeContexts(KubeConfig config) {
        this.config = config;
    }

    /** The allowed contexts in order of preference: {@code contexts}, else the kubeconfig's current one. */
    synchronized List<String> names() {
        if (names == null) {
            io.fabric8.kubernetes.api.model.Config kube = parse();
            List<String> all = kube.getContexts().stream().map(NamedContext::getName).toList();
            names = config.allowedContexts().map(allowed -> allowed.stream().filter(all::contains).toList())
                    .orElseGet(() -> kube.getCurrentContext() == null ? List.of() : List.of(kube.getCurrentContext()));
        }
        return names;
    }

    /** The client of {@code context}; it must be one of {@link #names}. */
    synchronized KubernetesClient client(String context) {
        if (!names().contains(context)) {
            throw new CredentialException("kubernetes: context '" + context + "' is not allowed here (allowed: "
                    + String.join(", ", names()) + "); add it to SKYRUN_KUBERNETES_CONTEXTS");
        }
        return clients.computeIfAbsent(context, c -> {
            Config cfg = Config.fromKubeconfig(c, config.kubeconfig().toFile());
            config.namespace().ifPresent(cfg::setNamespace);
            if (cfg.getNamespace() == null || cfg.getNamespace().isBlank()) {
                cfg.setNamespace("default");
            }
            return new KubernetesClientBuilder().withConfig(cfg).build();
        });
    }

    /** The namespace skyrun uses in {@code context}. */
    String namespace(String context) {
        return client(context).getNamespace();
    }

    private io.fabric8.kubernetes.api.model.Config parse() {
        Path file = config.kubeconfig();
        if (!Files.isRegularFile(file)) {
            throw new CredentialException("kubernetes: no kubeconfig at " + file + "; set KUBECONFIG or"
                    + " SKYRUN_KUBERNETES_KUBECONFIG to your cluster's (e.g. gcloud container clusters get-credentials,"
                    + " aws eks update-kubeconfig, az aks get-credentials)");
        }
        return KubeConfigUtils.parseConfig(file.toFile());
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
