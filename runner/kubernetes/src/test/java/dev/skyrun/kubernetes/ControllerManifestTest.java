package dev.skyrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.testkit.ProjectDirs;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** containers/k8s/controller.yaml reads as the Kubernetes objects it means: two controllers, their state URL from the Secret. */
class ControllerManifestTest {

    @Test
    void theDeploymentRunsTwoControllersWhoseStateUrlComesFromTheSecret() throws Exception {
        Object parsed;
        try (InputStream in = Files.newInputStream(ProjectDirs.root().resolve("containers/k8s/controller.yaml"))) {
            parsed = new KubernetesSerialization().unmarshal(in);
        }
        List<?> objects = parsed instanceof KubernetesList l ? l.getItems() : parsed instanceof List<?> l ? l : List.of(parsed);
        Secret secret = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst().orElseThrow();
        Deployment d = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();

        assertThat(secret.getStringData()).containsKey("SKYRUN_STATE");
        assertThat(secret.getStringData().get("SKYRUN_STATE")).startsWith("postgresql://");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).startsWith("controller");
        assertThat(container.getEnvFrom()).anySatisfy(e -> assertThat(e.getSecretRef().getName())
                .isEqualTo(secret.getMetadata().getName()));
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("SKYRUN_STATE"))
                .as("the database URL (its password) only in the Secret");
    }
}
