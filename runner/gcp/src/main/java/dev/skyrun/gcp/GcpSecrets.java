package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cluster's secrets in Secret Manager, one secret per name ({@code skyrun-RUN-CLUSTER-NAME}),
 * labelled with the run and cluster, read by the VM's {@code secret_get} and deleted by a teardown
 * (an auxiliary, after the compute is gone).
 * The only place secret values leave skyrun for Google Cloud.
 */
record GcpSecrets(GcpConfig config, SecretManagerServiceClient client, Backoff backoff) {

    GcpSecrets(GcpConfig config, SecretManagerServiceClient client) {
        this(config, client, Backoff.standard(config.pollInterval()));
    }

    /** The secret id prefix of a cluster's secrets. */
    static String prefix(String run, String cluster) {
        String p = ("skyrun-" + run + "-" + cluster + "-").replaceAll("[^A-Za-z0-9_-]", "-");
        return p.length() <= 180 ? p : p.substring(0, 180);
    }

    /** Stores the values (a new version where the secret exists). */
    void put(String run, String cluster, Map<String, String> values) {
        String parent = "projects/" + config.requireProject();
        values.forEach((name, value) -> {
            String id = prefix(run, cluster) + name;
            GcpErrors.Context ctx = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.create " + id, "");
            try {
                backoff.unchecked(ctx, () -> client.createSecret(CreateSecretRequest.newBuilder().setParent(parent).setSecretId(id)
                        .setSecret(Secret.newBuilder()
                                .setReplication(Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()))
                                .putLabels("skyrun-run", GceLabels.value(run)).putLabels("skyrun-cluster", GceLabels.value(cluster)))
                        .build()));
            } catch (CloudException e) {
                if (!(e.getCause() instanceof ApiException api && GcpErrors.kindOf(api) == GcpErrors.Kind.CONFLICT)) {
                    throw e;
                }
            }
            GcpErrors.Context add = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.addVersion " + id, "");
            backoff.unchecked(add, () -> client.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(parent + "/secrets/" + id)
                    .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFrom(value, StandardCharsets.UTF_8))).build()));
        });
    }

    /** The secrets carrying the labels (a run's, or one cluster's), as resources of kind {@code secret}; none without a run. */
    List<CloudResource> find(Labels labels) {
        if (labels.values().getOrDefault(Labels.RUN, "").isEmpty()) {
            return List.of(); // only a named run's secrets are listed
        }
        StringBuilder filter = new StringBuilder();
        GceLabels.of(labels.values()).forEach((k, v) -> filter.append(filter.isEmpty() ? "" : " AND ").append("labels.").append(k)
                .append("=").append(v.toLowerCase(Locale.ROOT)));
        GcpErrors.Context ctx = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.list " + filter, "");
        ListSecretsRequest req = ListSecretsRequest.newBuilder().setParent("projects/" + config.requireProject())
                .setFilter(filter.toString()).build();
        String cluster = labels.values().getOrDefault(Labels.CLUSTER, "");
        String named = cluster.isEmpty() ? prefix(labels.values().get(Labels.RUN), "") : prefix(labels.values().get(Labels.RUN), cluster);
        String prefix = cluster.isEmpty() ? named.substring(0, named.length() - 1) : named; // "skyrun-RUN-" for a whole run
        return backoff.unchecked(ctx, () -> {
            List<CloudResource> out = new ArrayList<>();
            for (Secret s : client.listSecrets(req).iterateAll()) {
                if (s.getName().substring(s.getName().lastIndexOf('/') + 1).startsWith(prefix)) { // the names say it too
                    out.add(new CloudResource(config.settings().cloud(), Cloud.SECRET, s.getName(), s.getLabelsMap()));
                }
            }
            return out;
        });
    }

    /** Deletes one secret by its resource name; absent is fine. */
    void delete(String name) {
        GcpErrors.Context del = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.delete " + name, "");
        try {
            backoff.unchecked(del, () -> {
                client.deleteSecret(name);
                return null;
            });
        } catch (CloudException e) {
            if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                throw e;
            }
        }
    }
}
