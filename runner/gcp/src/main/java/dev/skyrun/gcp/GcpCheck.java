package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.aiplatform.v1.ListCustomJobsRequest;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.tpu.v2.ListNodesRequest;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code skyrun check} for {@code gcp} and {@code vertex}: whose application default credentials
 * are used, which project, and whether the APIs a launch needs answer (Compute Engine, Cloud TPU,
 * Vertex AI in a region, Secret Manager, the run-status bucket). A step that cannot work without
 * the one before is skipped; each failed line says what to do. Prints the account, never a key.
 */
final class GcpCheck {

    private final GcpConfig config;
    private final List<String> details = new ArrayList<>();

    private GcpCheck(GcpConfig config) {
        this.config = config;
    }

    /** Compute Engine and TPU VMs; a TPU API that does not answer leaves GPU and CPU VMs usable. */
    static CredentialCheck gcp(GcpConfig config, GcpClients clients) {
        GcpCheck c = new GcpCheck(config);
        Optional<String> account = c.credentials();
        if (account.isEmpty() || !c.project()) {
            return c.result(false, account.orElse("none"));
        }
        String project = config.project();
        boolean ok = c.probe("compute", () -> clients.instances().aggregatedList(AggregatedListInstancesRequest.newBuilder()
                .setProject(project).setMaxResults(1).build()).getPage().getValues(), "enable compute.googleapis.com");
        c.probe("tpu", () -> clients.tpu().listNodes(ListNodesRequest.newBuilder().setParent("projects/" + project + "/locations/-")
                .setPageSize(1).build()).getPage().getValues(), "enable tpu.googleapis.com; TPU slices cannot launch until then");
        ok &= c.common(clients);
        return c.result(ok, account.get());
    }

    /** Vertex AI custom training in {@code region}. */
    static CredentialCheck vertex(GcpConfig config, GcpClients clients, String region) {
        GcpCheck c = new GcpCheck(config);
        Optional<String> account = c.credentials();
        if (account.isEmpty() || !c.project()) {
            return c.result(false, account.orElse("none"));
        }
        boolean ok = c.probe("aiplatform (" + region + ")", () -> clients.jobs(region).listCustomJobs(ListCustomJobsRequest.newBuilder()
                .setParent("projects/" + config.project() + "/locations/" + region).setPageSize(1).build()).getPage().getValues(),
                "enable aiplatform.googleapis.com");
        ok &= c.common(clients);
        return c.result(ok, account.get());
    }

    /** Secret Manager and the run-status bucket, which both clouds need. */
    private boolean common(GcpClients clients) {
        boolean ok = probe("secretmanager", () -> clients.secrets().listSecrets(ListSecretsRequest.newBuilder()
                .setParent("projects/" + config.project()).setPageSize(1).build()).getPage().getValues(),
                "enable secretmanager.googleapis.com");
        Optional<String> bucket = config.settings().property("bucket");
        if (bucket.isEmpty()) {
            details.add("status bucket: missing: none set. Fix: set SKYRUN_" + prefix() + "_BUCKET to a GCS bucket the account"
                    + " and the jobs' service account can read and write");
            return false;
        }
        try {
            clients.store().probe(bucket.get());
            details.add("status bucket: ok (gs://" + bucket.get() + ")");
            return ok;
        } catch (IOException | RuntimeException e) {
            details.add("status bucket: " + GcpErrors.firstLine(e.getMessage()) + ". Fix: create gs://" + bucket.get()
                    + ", or grant the account roles/storage.objectAdmin on it");
            return false;
        }
    }

    /** The account of the application default credentials, or empty (with what to do) when there are none. */
    private Optional<String> credentials() {
        if (config.endpoint().isPresent()) {
            details.add("credentials: none sent (endpoint override " + config.endpoint().get() + ")");
            return Optional.of("endpoint override " + config.endpoint().get());
        }
        try {
            GoogleCredentials c = GoogleCredentials.getApplicationDefault();
            String from = System.getenv("GOOGLE_APPLICATION_CREDENTIALS") != null ? "GOOGLE_APPLICATION_CREDENTIALS"
                    : "application default credentials";
            details.add("credentials: found (" + from + ")");
            return Optional.of(account(c));
        } catch (IOException e) {
            details.add("credentials: missing: no application default credentials. Fix: run 'gcloud auth application-default"
                    + " login', or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file");
            return Optional.empty();
        }
    }

    private static String account(GoogleCredentials c) {
        return switch (c) {
            case ServiceAccountCredentials sa -> sa.getClientEmail();
            case ImpersonatedCredentials imp -> imp.getAccount() + " (impersonated)";
            case ComputeEngineCredentials ce -> "the VM's service account (metadata server)";
            case ExternalAccountCredentials ext -> "workload identity federation (" + ext.getAudience() + ")";
            case UserCredentials user -> "gcloud user credentials (OAuth client " + user.getClientId() + ")";
            default -> c.getClass().getSimpleName();
        };
    }

    private boolean project() {
        if (config.project().isEmpty()) {
            details.add("project: missing: none set. Fix: set GOOGLE_CLOUD_PROJECT or SKYRUN_" + prefix() + "_PROJECT");
            return false;
        }
        details.add("project: " + config.project());
        return true;
    }

    /** Calls an API; records "NAME: ok" or what failed and what to do. */
    private boolean probe(String name, Supplier<?> call, String enable) {
        try {
            call.get();
            details.add(name + ": ok");
            return true;
        } catch (ApiException e) {
            String fix = switch (GcpErrors.kindOf(e)) {
                case CREDENTIALS -> ". Fix: grant the account access on project " + config.project() + ", or " + enable;
                case NOT_FOUND -> ". Fix: " + enable;
                default -> "";
            };
            details.add(name + ": " + GcpErrors.firstLine(GcpErrors.detailOf(e)) + fix);
            return false;
        } catch (CloudException e) {
            details.add(name + ": " + GcpErrors.firstLine(e.getMessage()));
            return false;
        }
    }

    private String prefix() {
        return config.settings().cloud().toUpperCase(java.util.Locale.ROOT);
    }

    private CredentialCheck result(boolean ok, String identity) {
        return new CredentialCheck(config.settings().cloud(), ok, identity, details);
    }
}
