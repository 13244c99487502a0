package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stores of SkyPilot's other providers are valid specs and a clear "no plug-in" before anything is provisioned. */
class StorePluginsTest {

    private static TaskSpec task(FileMount m) {
        return new TaskSpec("t", Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), Map.of(m.target(), m),
                Optional.empty(), Optional.of("true"), Optional.empty(), Map.of(), Optional.empty(), List.of());
    }

    private static FileMount named(String store) {
        return new FileMount("/ckpt", List.of(), Optional.of("acme"), Optional.of(store), FileMount.MountMode.MOUNT, true);
    }

    @Test
    void aStoreWithoutAPluginIsAnInfrastructureErrorNamingIt() {
        assertThatThrownBy(() -> StorePlugins.require(task(named("nebius")))).isInstanceOf(CloudException.class)
                .hasMessage("no plug-in for store 'nebius' (file mount /ckpt); skyrun serves s3, gcs, azure and local paths:"
                        + " use one of those, or add the plug-in of that provider");
        assertThatThrownBy(() -> StorePlugins.require(task(FileMount.copy("/data", "r2://bucket/x"))))
                .hasMessageStartingWith("no plug-in for store 'r2' (file mount /data)");
    }

    @Test
    void theStoresSkyrunServesPass() {
        for (String store : List.of("s3", "gcs", "azure", "local")) {
            StorePlugins.require(task(named(store)));
        }
        StorePlugins.require(task(FileMount.copy("/data", "gs://bucket/x")));
        StorePlugins.require(task(FileMount.copy("/cfg", "./config")));
        assertThat(StorePlugins.kind(named("GCS"))).contains("gs");
    }
}
