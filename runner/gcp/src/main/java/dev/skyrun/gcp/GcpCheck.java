package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.tpu.v2.ListNodesRequest;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code skyrun check} for {@code gcp} and {@code vertex}: the project and account of the
 * application default credentials, and whether the Compute, TPU and Vertex AI APIs answer.
 */
final class GcpCheck {

    private GcpCheck() {}

    static CredentialCheck gcp(GcpConfig config, GcpClients clients) {
        List<String> details = new ArrayList<>();
        details.add("project: " + config.project());
        boolean ok = probe(details, "compute", () -> clients.instances().aggregatedList(AggregatedListInstancesRequest.newBuilder()
                .setProject(config.project()).setMaxResults(1).build()).getPage().getValues());
        ok &= probe(details, "tpu", () -> clients.tpu().listNodes(ListNodesRequest.newBuilder()
                .setParent("projects/" + config.project() + "/locations/-").setPageSize(1).build()).getPage().getValues());
        return new CredentialCheck("gcp", ok, account(config), details);
    }

    static CredentialCheck vertex(GcpConfig config, String region, Supplier<Object> listJobs) {
        List<String> details = new ArrayList<>();
        details.add("project: " + config.project());
        boolean ok = probe(details, "aiplatform (" + region + ")", listJobs);
        return new CredentialCheck("vertex", ok, account(config), details);
    }

    /** Calls an API; records "NAME: ok" or what failed and what to do. */
    static boolean probe(List<String> details, String name, Supplier<?> call) {
        try {
            call.get();
            details.add(name + ": ok");
            return true;
        } catch (ApiException e) {
            String fix = switch (GcpErrors.kindOf(e)) {
                case CREDENTIALS -> " (grant the account access, or enable the API in the console's API Library)";
                default -> "";
            };
            details.add(name + ": " + GcpErrors.firstLine(e.getMessage()) + fix);
            return false;
        } catch (CloudException e) {
            details.add(name + ": " + e.getMessage());
            return false;
        }
    }

    /** The account of the application default credentials, never a secret. */
    static String account(GcpConfig config) {
        if (config.endpoint().isPresent()) {
            return "no credentials (endpoint override " + config.endpoint().get() + ")";
        }
        try {
            GoogleCredentials c = GoogleCredentials.getApplicationDefault();
            if (c instanceof ServiceAccountCredentials sa) {
                return sa.getClientEmail();
            }
            if (c instanceof UserCredentials user) {
                return "user credentials (client " + user.getClientId() + ")";
            }
            return c.getClass().getSimpleName();
        } catch (IOException e) {
            return "no application default credentials (run 'gcloud auth application-default login')";
        }
    }
}
