package dev.skyrun.kubernetes;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes plug-in's entry point: the cloud {@code kubernetes} (specs may write {@code k8s}),
 * whose regions are the kubeconfig's contexts. Loads no fabric8 class until {@link #open}.
 */
public final class KubeProvider implements CloudProvider {

    /** The cloud's name as specs write it. */
    public static final String NAME = "kubernetes";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code KUBECONFIG} or {@code SKYRUN_KUBERNETES_KUBECONFIG} set, or {@code ~/.kube/config} present. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return CloudProvider.anyConfigured(env, List.of("KUBECONFIG", "SKYRUN_KUBERNETES_KUBECONFIG"), home, List.of(".kube/config"));
    }

    /** The cluster's nodes are the offerings: no catalog lists them. */
    @Override
    public boolean listsOwnOffers() {
        return true;
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new KubeCloud(new KubeConfig(settings, System.getenv()));
    }
}
