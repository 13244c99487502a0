package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes plug-in's view of {@link CloudSettings}: which kubeconfig, which of its contexts
 * skyrun may use (the cloud's regions), the namespace, the price and the waits.
 *
 * <p>Properties (all optional, {@code SKYRUN_KUBERNETES_<KEY>}): {@code kubeconfig} (else
 * {@code KUBECONFIG}'s first file, else {@code ~/.kube/config}); {@code contexts}, a comma list of
 * allowed contexts in the order they are preferred (else the kubeconfig's current context);
 * {@code namespace} (else the context's own, else {@code default}); {@code price_per_gpu_hour}
 * (USD, 0: the cluster is already paid for); {@code unschedulable_timeout_s}, how long a pod may
 * stay {@code Unschedulable} before its context counts as out of capacity (60); {@code poll_ms}
 * (1000).
 *
 * <pre>{@code
 * SKYRUN_KUBERNETES_CONTEXTS=gke-a100,eks-spot SKYRUN_KUBERNETES_NAMESPACE=ml SKYRUN_KUBERNETES_PRICE_PER_GPU_HOUR=1.10
 * }</pre>
 *
 * @param settings the settings as given
 * @param env the process environment ({@code KUBECONFIG})
 */
record KubeConfig(CloudSettings settings, Map<String, String> env) {

    /** The kubeconfig file skyrun reads. */
    Path kubeconfig() {
        return settings.property("kubeconfig").map(Path::of).orElseGet(() -> {
            String list = env.getOrDefault("KUBECONFIG", "");
            String first = list.split(java.io.File.pathSeparator)[0];
            return first.isBlank() ? Path.of(System.getProperty("user.home"), ".kube", "config") : Path.of(first);
        });
    }

    /** The contexts named by {@code contexts}, if set. */
    Optional<List<String>> allowedContexts() {
        return settings.property("contexts").map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList());
    }

    /** The namespace asked for, if any. */
    Optional<String> namespace() {
        return settings.property("namespace").filter(n -> !n.isBlank());
    }

    /** USD per GPU (or TPU chip, or Neuron device) hour. */
    double pricePerGpuHour() {
        return settings.property("price_per_gpu_hour").map(Double::parseDouble).orElse(0.0);
    }

    /** How long a pod may stay unschedulable before its context counts as out of capacity. */
    Duration unschedulableTimeout() {
        return Duration.ofSeconds(number("unschedulable_timeout_s", 60));
    }

    /** The pause between polls of pod states. */
    Duration poll() {
        return Duration.ofMillis(number("poll_ms", 1000));
    }

    private long number(String key, long fallback) {
        return settings.number(key, fallback);
    }
}
