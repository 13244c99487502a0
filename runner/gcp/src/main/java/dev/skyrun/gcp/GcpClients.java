package dev.skyrun.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.aiplatform.v1.JobServiceSettings;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.FirewallsSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.tpu.v2.TpuClient;
import com.google.cloud.tpu.v2.TpuSettings;
import dev.skyrun.cloud.CloudException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Google clients the {@code gcp} and {@code vertex} clouds use, built on first use (class
 * loading and channel set-up are not free) and closed together. With an endpoint override they
 * send no credentials; Vertex AI's gRPC endpoint is overridden on its own
 * ({@code aiplatform_endpoint}, {@code host:port}, plaintext: a loopback fake).
 */
final class GcpClients implements AutoCloseable {

    private final GcpConfig config;
    /** The clients built so far, by what they are; closed together. */
    private final Map<String, AutoCloseable> built = new LinkedHashMap<>();

    GcpClients(GcpConfig config) {
        this.config = config;
    }

    InstancesClient instances() {
        return once("instances", () -> InstancesClient.create(overridden(InstancesSettings.newBuilder()).build()));
    }

    FirewallsClient firewalls() {
        return once("firewalls", () -> FirewallsClient.create(overridden(FirewallsSettings.newBuilder()).build()));
    }

    ZoneOperationsClient zoneOperations() {
        return once("zone-operations", () -> ZoneOperationsClient.create(overridden(ZoneOperationsSettings.newBuilder()).build()));
    }

    TpuClient tpu() {
        return once("tpu", () -> TpuClient.create(overridden(TpuSettings.newHttpJsonBuilder()).build()));
    }

    GcsStore store() {
        return once("gcs", () -> GcsStore.of(config));
    }

    SecretManagerServiceClient secrets() {
        return once("secrets", () -> SecretManagerServiceClient.create(
                overridden(SecretManagerServiceSettings.newHttpJsonBuilder()).build()));
    }

    /** Vertex AI's JobService in a region ({@code REGION-aiplatform.googleapis.com}). */
    JobServiceClient jobs(String region) {
        return once("jobs/" + region, () -> {
            JobServiceSettings.Builder b = JobServiceSettings.newBuilder();
            var override = config.settings().property("aiplatform_endpoint");
            if (override.isPresent()) {
                String hostPort = override.get().replaceFirst("^[a-z]+://", "").replaceAll("/+$", "");
                b.setEndpoint(hostPort).setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(hostPort)
                                .setChannelConfigurator(c -> c.usePlaintext()).build());
            } else {
                b.setEndpoint(region + "-aiplatform.googleapis.com:443");
            }
            return JobServiceClient.create(b.build());
        });
    }

    /** The builder pointed at the configured endpoint (a loopback fake), without credentials; unchanged without one. */
    private <B extends ClientSettings.Builder<?, B>> B overridden(B builder) {
        config.endpointBase().ifPresent(e -> builder.setEndpoint(e).setCredentialsProvider(NoCredentialsProvider.create()));
        return builder;
    }

    private interface Factory<T> {
        T create() throws IOException;
    }

    /** The client built under {@code key}, building it on first use. */
    private synchronized <T extends AutoCloseable> T once(String key, Factory<T> f) {
        @SuppressWarnings("unchecked")
        T client = (T) built.get(key);
        if (client != null) {
            return client;
        }
        try {
            client = f.create();
            built.put(key, client);
            return client;
        } catch (IOException e) {
            throw new CloudException("gcp: cannot create a Google Cloud client (" + e.getMessage()
                    + "); run 'gcloud auth application-default login'", e);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : built.values()) {
            try {
                c.close();
            } catch (Exception e) {
                // closing clients frees threads; nothing to report
            }
        }
        built.clear();
    }
}
