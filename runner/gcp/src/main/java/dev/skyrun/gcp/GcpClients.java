package dev.skyrun.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.aiplatform.v1.JobServiceSettings;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Google clients the {@code gcp} and {@code vertex} clouds use, built on first use (class
 * loading and channel set-up are not free) and closed together. With an endpoint override they
 * send no credentials; Vertex AI's gRPC endpoint is overridden on its own
 * ({@code aiplatform_endpoint}, {@code host:port}, plaintext: a loopback fake).
 */
final class GcpClients implements AutoCloseable {

    private final GcpConfig config;
    private final List<AutoCloseable> open = new ArrayList<>();
    private InstancesClient instances;
    private ZoneOperationsClient zoneOperations;
    private TpuClient tpu;
    private GcsStore store;
    private SecretManagerServiceClient secrets;
    private final Map<String, JobServiceClient> jobs = new HashMap<>();

    GcpClients(GcpConfig config) {
        this.config = config;
    }

    synchronized InstancesClient instances() {
        if (instances == null) {
            instances = build(() -> {
                InstancesSettings.Builder b = InstancesSettings.newBuilder();
                config.endpointBase().ifPresent(e -> b.setEndpoint(e).setCredentialsProvider(NoCredentialsProvider.create()));
                return InstancesClient.create(b.build());
            });
        }
        return instances;
    }

    synchronized ZoneOperationsClient zoneOperations() {
        if (zoneOperations == null) {
            zoneOperations = build(() -> {
                ZoneOperationsSettings.Builder b = ZoneOperationsSettings.newBuilder();
                config.endpointBase().ifPresent(e -> b.setEndpoint(e).setCredentialsProvider(NoCredentialsProvider.create()));
                return ZoneOperationsClient.create(b.build());
            });
        }
        return zoneOperations;
    }

    synchronized TpuClient tpu() {
        if (tpu == null) {
            tpu = build(() -> {
                TpuSettings.Builder b = TpuSettings.newHttpJsonBuilder();
                config.endpointBase().ifPresent(e -> b.setEndpoint(e).setCredentialsProvider(NoCredentialsProvider.create()));
                return TpuClient.create(b.build());
            });
        }
        return tpu;
    }

    synchronized GcsStore store() {
        if (store == null) {
            store = GcsStore.of(config.project(), config.endpointBase());
            open.add(store);
        }
        return store;
    }

    synchronized SecretManagerServiceClient secrets() {
        if (secrets == null) {
            secrets = build(() -> {
                SecretManagerServiceSettings.Builder b = SecretManagerServiceSettings.newHttpJsonBuilder();
                config.endpointBase().ifPresent(e -> b.setEndpoint(e).setCredentialsProvider(NoCredentialsProvider.create()));
                return SecretManagerServiceClient.create(b.build());
            });
        }
        return secrets;
    }

    /** Vertex AI's JobService in a region ({@code REGION-aiplatform.googleapis.com}). */
    synchronized JobServiceClient jobs(String region) {
        return jobs.computeIfAbsent(region, r -> build(() -> {
            JobServiceSettings.Builder b = JobServiceSettings.newBuilder();
            var override = config.settings().property("aiplatform_endpoint");
            if (override.isPresent()) {
                String hostPort = override.get().replaceFirst("^[a-z]+://", "").replaceAll("/+$", "");
                b.setEndpoint(hostPort).setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(hostPort)
                                .setChannelConfigurator(c -> c.usePlaintext()).build());
            } else {
                b.setEndpoint(r + "-aiplatform.googleapis.com:443");
            }
            return JobServiceClient.create(b.build());
        }));
    }

    private interface Factory<T> {
        T create() throws IOException;
    }

    private <T extends AutoCloseable> T build(Factory<T> f) {
        try {
            T client = f.create();
            open.add(client);
            return client;
        } catch (IOException e) {
            throw new CloudException("gcp: cannot create a Google Cloud client (" + e.getMessage()
                    + "); run 'gcloud auth application-default login'", e);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing clients frees threads; nothing to report
            }
        }
        open.clear();
    }
}
