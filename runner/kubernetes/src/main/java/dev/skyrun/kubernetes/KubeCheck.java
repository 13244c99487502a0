package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code skyrun check kubernetes}: for each allowed context, whether its API server answers, the
 * namespace exists, this user may create and delete the objects a job needs (a
 * {@code SelfSubjectAccessReview} each for pods, secrets and services, and pods/log) and which
 * accelerators its nodes have.
 *
 * @param contexts the allowed contexts
 */
record KubeCheck(KubeContexts contexts) {

    /** The objects a launch creates and deletes, as RBAC names them (resource, subresource). */
    private static final List<String[]> NEEDED = List.of(new String[] {"pods", ""}, new String[] {"secrets", ""},
            new String[] {"services", ""}, new String[] {"pods", "log"});

    CredentialCheck run() {
        List<String> names;
        try {
            names = contexts.names();
        } catch (CloudException e) {
            return new CredentialCheck(KubeProvider.NAME, false, "no kubeconfig", List.of(e.getMessage()));
        }
        if (names.isEmpty()) {
            return new CredentialCheck(KubeProvider.NAME, false, "no context", List.of("contexts: none allowed; set"
                    + " SKYRUN_KUBERNETES_CONTEXTS to a context of your kubeconfig, or select one (kubectl config use-context)"));
        }
        List<String> details = new ArrayList<>();
        boolean ok = true;
        for (String context : names) {
            ok &= context(context, details);
        }
        return new CredentialCheck(KubeProvider.NAME, ok, "contexts " + String.join(", ", names), details);
    }

    private boolean context(String context, List<String> details) {
        KubernetesClient client;
        String ns;
        try {
            client = contexts.client(context);
            ns = contexts.namespace(context);
            String version = KubeErrors.call(context, ns, "get version", () -> client.getKubernetesVersion().getGitVersion());
            details.add(context + ": reachable (Kubernetes " + version + ")");
        } catch (CloudException e) {
            details.add(context + ": " + e.getMessage());
            return false;
        }
        boolean ok = true;
        try {
            boolean exists = KubeErrors.call(context, ns, "get namespace", () -> client.namespaces().withName(ns).get()) != null;
            details.add(context + ": namespace " + ns + (exists ? ": ok" : ": missing (kubectl create namespace " + ns + ")"));
            ok = exists;
        } catch (CloudException e) {
            details.add(context + ": namespace " + ns + ": cannot tell (" + e.getMessage() + ")");
        }
        for (String[] what : NEEDED) {
            for (String verb : what[1].isEmpty() ? List.of("create", "delete") : List.of("get")) {
                Optional<String> refused = allowed(client, context, ns, verb, what[0], what[1]);
                String name = what[0] + (what[1].isEmpty() ? "" : "/" + what[1]);
                details.add(context + ": " + verb + " " + name + ": " + refused.map(r -> "denied" + r).orElse("allowed"));
                ok &= refused.isEmpty();
            }
        }
        details.add(context + ": accelerators: " + accelerators(client, context, ns));
        return ok;
    }

    /** Empty when allowed, else why not. */
    private static Optional<String> allowed(KubernetesClient client, String context, String ns, String verb, String resource,
            String subresource) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withNamespace(ns).withVerb(verb).withResource(resource).withSubresource(subresource.isEmpty() ? null : subresource)
                .endResourceAttributes().endSpec().build();
        try {
            SelfSubjectAccessReview answer = KubeErrors.call(context, ns, "review access",
                    () -> client.authorization().v1().selfSubjectAccessReview().create(review));
            boolean yes = answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
            return yes ? Optional.empty() : Optional.of(answer.getStatus() == null || answer.getStatus().getReason() == null
                    ? "" : " (" + answer.getStatus().getReason() + ")");
        } catch (CloudException e) {
            return Optional.of(" (" + e.getMessage() + ")");
        }
    }

    private static String accelerators(KubernetesClient client, String context, String ns) {
        try {
            List<Node> nodes = KubeErrors.call(context, ns, "list nodes", () -> client.nodes().list().getItems());
            List<String> found = nodes.stream().map(NodeAccelerator::of).flatMap(Optional::stream)
                    .map(a -> a.count() + "x " + a.name()).toList();
            return found.isEmpty() ? "none visible on " + nodes.size() + " nodes" : String.join(", ", found);
        } catch (CloudException e) {
            return "cannot list nodes (" + e.getMessage() + ")";
        }
    }
}
