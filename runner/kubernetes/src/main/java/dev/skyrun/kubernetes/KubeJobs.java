package dev.skyrun.kubernetes;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a job on a context: the run's Secret (the job's secrets, referenced by the pods, never in
 * their spec), the headless service of a multi-node job, then one pod per node; and waits until
 * the scheduler placed every pod. A pod {@code Unschedulable} for longer than the bound means the
 * context has no capacity for it: what was created is removed again and the context is blocked.
 * Creating is idempotent: an object that exists already (a resumed launch) is adopted.
 *
 * @param client the context's client
 * @param context the context's name
 * @param namespace the namespace
 * @param unschedulableTimeout how long a pod may stay unschedulable
 * @param poll the pause between looks
 */
record KubeJobs(KubernetesClient client, String context, String namespace, Duration unschedulableTimeout, Duration poll) {

    /** Creates the cluster's objects for {@code job} and returns once every pod is scheduled. */
    void start(Cluster cluster, Map<String, String> labels, PodTemplate.Target target, JobSpec job, Secrets secrets)
            throws CapacityException, InterruptedException {
        if (!secrets.isEmpty()) {
            create("create secret", () -> client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                    .withNewMetadata().withName(KubeNames.secret(cluster.name())).withLabels(labels).endMetadata()
                    .withType("Opaque").withStringData(secrets.reveal()).build()).create());
        }
        if (job.nodes() > 1) {
            create("create service", () -> client.services().inNamespace(namespace).resource(new ServiceBuilder()
                    .withNewMetadata().withName(KubeNames.service(cluster.name())).withLabels(labels).endMetadata()
                    .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                    .withSelector(Map.of(dev.skyrun.cloud.Labels.CLUSTER, labels.get(dev.skyrun.cloud.Labels.CLUSTER)))
                    .endSpec().build()).create());
        }
        PodTemplate template = new PodTemplate(cluster.name(), labels, target, job, !secrets.isEmpty());
        for (int rank = 0; rank < job.nodes(); rank++) {
            Pod pod = template.pod(rank);
            create("create pod " + pod.getMetadata().getName(), () -> client.pods().inNamespace(namespace).resource(pod).create());
        }
        awaitScheduled(cluster);
    }

    /** The cluster's pods by rank, empty where the API has none. */
    List<Optional<Pod>> pods(Cluster cluster) {
        List<Optional<Pod>> out = new ArrayList<>();
        for (String name : cluster.nodeIds()) {
            out.add(Optional.ofNullable(KubeErrors.call(context, namespace, "get pod " + name,
                    () -> client.pods().inNamespace(namespace).withName(name).get())));
        }
        return out;
    }

    private void awaitScheduled(Cluster cluster) throws CapacityException, InterruptedException {
        long since = -1;
        while (true) {
            List<Optional<Pod>> pods = pods(cluster);
            Optional<String> refused = pods.stream().flatMap(Optional::stream).map(PodStates::unschedulable)
                    .flatMap(Optional::stream).findFirst();
            if (pods.stream().allMatch(p -> p.isEmpty() || PodStates.scheduled(p.get()) || terminal(p.get()))) {
                return;
            }
            if (refused.isPresent()) {
                since = since < 0 ? System.nanoTime() : since;
                if (System.nanoTime() - since >= unschedulableTimeout.toNanos()) {
                    throw new CapacityException(CapacityException.Scope.REGION, "kubernetes " + context + ": pods of "
                            + cluster.name() + " stayed unschedulable for " + unschedulableTimeout.toSeconds() + " s ("
                            + refused.get() + "); trying the next context");
                }
            } else {
                since = -1;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Creates an object; one that exists (409) is adopted; a refused quota blocks the context. */
    private void create(String operation, java.util.function.Supplier<?> call) throws CapacityException {
        try {
            KubeErrors.provisioning(context, namespace, operation, call);
        } catch (dev.skyrun.cloud.CloudException e) {
            if (!(e.getCause() instanceof KubernetesClientException k) || k.getCode() != 409) {
                throw e;
            }
        }
    }
}
