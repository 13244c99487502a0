package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * The one place fabric8's exceptions become skyrun's: 401/403 are credential or RBAC errors
 * naming the fix, a refused quota (403 {@code exceeded quota}) blocks the context like missing
 * capacity, anything else is a {@link CloudException}. Every message names the context, namespace
 * and operation.
 */
final class KubeErrors {

    private KubeErrors() {}

    /** Runs {@code call} against {@code context}: API errors become skyrun's. */
    static <T> T call(String context, String namespace, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(context, namespace, operation, e);
        }
    }

    /** As {@link #call}, but a quota refusal is a capacity error that blocks the context. */
    static <T> T provisioning(String context, String namespace, String operation, Supplier<T> call) throws CapacityException {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && String.valueOf(e.getMessage()).contains("exceeded quota")) {
                throw new CapacityException(CapacityException.Scope.REGION, describe(context, namespace, operation, e)
                        + "; the namespace's resource quota is used up, trying the next context", e);
            }
            throw translate(context, namespace, operation, e);
        }
    }

    static CloudException translate(String context, String namespace, String operation, KubernetesClientException e) {
        if (e.getCode() == 401) {
            return new CredentialException(describe(context, namespace, operation, e) + ". Fix: refresh the kubeconfig's"
                    + " credentials for context " + context + " (e.g. gcloud container clusters get-credentials)", e);
        }
        if (e.getCode() == 403) {
            return new CredentialException(describe(context, namespace, operation, e) + ". Fix: grant this user pods, services"
                    + " and secrets in namespace " + namespace + " (a Role and RoleBinding); `skyrun check kubernetes` shows what is allowed", e);
        }
        return new CloudException(describe(context, namespace, operation, e), e);
    }

    private static String describe(String context, String namespace, String operation, KubernetesClientException e) {
        String cause = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + e.getMessage()
                : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return "kubernetes " + context + "/" + namespace + " " + operation + " failed: " + cause;
    }
}
