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
import dev.skyrun.cloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A cluster's secrets in Secret Manager, one secret per name ({@code skyrun-RUN-CLUSTER-NAME}),
 * labelled with the run and cluster, read by the VM's {@code secret_get} and deleted on terminate.
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

    /** Deletes every secret of a cluster; none is fine. */
    void deleteAll(String run, String cluster) {
        String prefix = prefix(run, cluster);
        GcpErrors.Context ctx = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.list " + prefix + "*", "");
        ListSecretsRequest req = ListSecretsRequest.newBuilder().setParent("projects/" + config.requireProject())
                .setFilter("labels.skyrun-cluster=" + GceLabels.value(cluster).toLowerCase(Locale.ROOT)).build();
        for (Secret s : backoff.unchecked(ctx, () -> client.listSecrets(req)).iterateAll()) {
            if (s.getName().substring(s.getName().lastIndexOf('/') + 1).startsWith(prefix)) {
                GcpErrors.Context del = new GcpErrors.Context(config.settings().cloud(), "global", "", "secrets.delete " + s.getName(), "");
                try {
                    backoff.unchecked(del, () -> {
                        client.deleteSecret(s.getName());
                        return null;
                    });
                } catch (CloudException e) {
                    if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                        throw e;
                    }
                }
            }
        }
    }
}
