package dev.skyrun.azure;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The Azure tests' settings (the ARM fake, azurite, a Key Vault fake) and placements. */
final class AzureTestSupport {

    private AzureTestSupport() {}

    /** A fresh Blob container of azurite for one test's run status. */
    static String container(Azurite blob) {
        String name = "runs-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        blob.container(name);
        return name;
    }

    /** Settings of a cloud against the fake ARM and azurite (status in {@code container}), polling fast. */
    static Map<String, String> properties(ArmFake arm, Azurite blob, String container, String vault) {
        Map<String, String> p = new HashMap<>(Map.of("subscription_id", ArmFake.SUB, "container", container,
                "storage_connection_string", blob.connectionString(), "poll_ms", "10", "retry_base_ms", "50",
                "terminate_timeout_s", "10", "heartbeat_s", "1"));
        p.put("ca_bundle", blob.caBundle().toString());
        if (vault != null) {
            p.put("vault_endpoint", vault);
        }
        return p;
    }

    /** The environment form of {@link #properties}, as a launch reads it. */
    static Map<String, String> environment(ArmFake arm, Azurite blob, String container, String vault) {
        Map<String, String> env = new HashMap<>();
        env.put("SKYRUN_AZURE_ENDPOINT", arm.http.uri().toString());
        properties(arm, blob, container, vault).forEach((k, v) -> env.put("SKYRUN_AZURE_" + k.toUpperCase(java.util.Locale.ROOT), v));
        return env;
    }

    static AzureCloud cloud(ArmFake arm, Azurite blob, String container, String vault) {
        CloudSettings s = new CloudSettings("azure", Optional.of(arm.http.uri()), properties(arm, blob, container, vault));
        return (AzureCloud) new AzureProvider().open(s);
    }

    /** One T4 on a Spot (or regular) NC4as_T4_v3 in {@code region}, optionally in a zone. */
    static Placement t4(String region, Optional<String> zone, boolean spot, double price) {
        return new Placement("azure", region, zone, "Standard_NC4as_T4_v3", spot, Optional.of(new AcceleratorChoice("T4", 1)),
                4, 28, price, 1, "test");
    }

    static ClusterRequest request(String run, String cluster) {
        return new ClusterRequest(run, cluster, "intent-" + cluster, Labels.run(run), 64);
    }
}
