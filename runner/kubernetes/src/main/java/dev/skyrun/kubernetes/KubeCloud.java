package dev.skyrun.kubernetes;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.LiveOffer;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.Teardown;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.exec.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Kubernetes cluster as a skyrun cloud: each allowed kubeconfig context is a region; a job is
 * one pod per node ({@link PodTemplate}) in the configured namespace, with a headless service for
 * a multi-node job and a Secret for its secrets, all labelled {@code skyrun-run}/{@code skyrun-cluster}.
 * Offerings are the nodes' own ({@link KubeOfferings}); pods that stay unschedulable block the
 * context; evictions, drained nodes and disruptions are preemptions ({@link PodStates}).
 */
final class KubeCloud implements Cloud {

    private static final String CONTEXT = "context";
    private static final String NAMESPACE = "namespace";

    private final KubeConfig config;
    private final KubeContexts contexts;
    private final KubeResources resources;

    KubeCloud(KubeConfig config) {
        this.config = config;
        this.contexts = new KubeContexts(config);
        this.resources = new KubeResources(contexts);
    }

    @Override
    public String name() {
        return KubeProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        return new KubeCheck(contexts).run();
    }

    /** The nodes of every allowed context as offerings, with free counts; a context that does not answer offers nothing. */
    @Override
    public List<LiveOffer> ownOffers() {
        List<LiveOffer> out = new ArrayList<>();
        for (String context : contexts.names()) {
            try {
                offerings(context).capacities().forEach(c -> out.add(new LiveOffer(c.offering(), c.total(), c.free())));
            } catch (CloudException e) {
                // unreachable or refused: `skyrun check kubernetes` says why
            }
        }
        return out;
    }

    /** The nodes of each context in {@code regions} (every allowed context when empty) as offerings. */
    @Override
    public List<Offering> priceList(List<String> regions) {
        List<Offering> out = new ArrayList<>();
        for (String context : regions.isEmpty() ? contexts.names() : regions) {
            offerings(context).capacities().forEach(c -> out.add(c.offering()));
        }
        return out;
    }

    /**
     * What {@code context}'s nodes offer now. Listing nodes needs a cluster-wide read (a
     * ClusterRole); listing pods in every namespace, for the free counts, is optional: without it
     * every accelerator counts as free.
     */
    KubeOfferings offerings(String context) {
        var client = contexts.client(context);
        String ns = contexts.namespace(context);
        List<io.fabric8.kubernetes.api.model.Node> nodes = KubeErrors.call(context, ns, "list nodes", () -> client.nodes().list().getItems());
        List<io.fabric8.kubernetes.api.model.Pod> pods;
        try {
            pods = KubeErrors.call(context, ns, "list pods", () -> client.pods().inAnyNamespace().list().getItems());
        } catch (CloudException e) {
            pods = List.of();
        }
        return new KubeOfferings(context, nodes, pods, config.pricePerGpuHour());
    }

    @Override
    public Cluster provision(Placement placement, ClusterRequest request) throws CapacityException {
        String context = placement.region();
        if (!contexts.names().contains(context)) {
            throw new CapacityException(CapacityException.Scope.REGION, "kubernetes: context '" + context
                    + "' is not an allowed context (allowed: " + String.join(", ", contexts.names()) + ")");
        }
        offerings(context).target(placement);
        ClusterRequest labelled = request.labelled();
        Map<String, String> attributes = new TreeMap<>(KubeNames.labels(labelled.labels().with(Labels.INTENT, request.intentToken())));
        attributes.put(CONTEXT, context);
        attributes.put(NAMESPACE, contexts.namespace(context));
        attributes.put("run", request.runId());
        List<String> pods = new ArrayList<>();
        for (int rank = 0; rank < placement.nodes(); rank++) {
            pods.add(KubeNames.pod(request.clusterName(), rank));
        }
        return new Cluster(name(), request.clusterName(), placement, pods, attributes);
    }

    @Override
    public NodeState state(Cluster cluster) {
        return PodStates.of(jobs(cluster).pods(cluster));
    }

    @Override
    public JobHandle submit(Cluster cluster, JobSpec job, Secrets secrets) throws CapacityException {
        String context = cluster.attributes().get(CONTEXT);
        PodTemplate.Target target = offerings(context).target(cluster.placement());
        Map<String, String> labels = new TreeMap<>();
        cluster.attributes().forEach((k, v) -> {
            if (k.startsWith("skyrun-")) {
                labels.put(k, v);
            }
        });
        try {
            jobs(cluster).start(cluster, labels, target, job, secrets);
        } catch (CapacityException e) {
            cleanUp(cluster, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("kubernetes " + context + ": interrupted while the pods of " + cluster.name() + " were scheduled", e);
        }
        return new JobHandle(cluster, KubeResources.id(context, cluster.attributes().get(NAMESPACE), cluster.name()));
    }

    /** Pods that never got a node are removed again (with the service and Secret), so the next context starts clean. */
    private void cleanUp(Cluster cluster, Exception cause) {
        try {
            TeardownReport report = Teardown.of(this).run(labels(cluster), compute(cluster));
            if (!report.complete()) {
                cause.addSuppressed(new CloudException("kubernetes: cleaning up " + cluster.name() + " left " + report.describeLeft()));
            }
        } catch (CloudException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void logs(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        logs(cluster).stream(cluster, query, sink);
    }

    @Override
    public int exec(Cluster cluster, int node, List<String> command, Consumer<LogLine> sink) {
        return logs(cluster).exec(cluster, node, command, sink);
    }

    @Override
    public List<CloudResource> compute(Cluster cluster) {
        String context = cluster.attributes().get(CONTEXT);
        String ns = cluster.attributes().get(NAMESPACE);
        return cluster.nodeIds().stream().map(p -> new CloudResource(name(), KubeResources.POD, KubeResources.id(context, ns, p),
                Map.of(Labels.CLUSTER, cluster.name()))).toList();
    }

    @Override
    public Labels labels(Cluster cluster) {
        return new Labels(KubeNames.labels(Labels.cluster(cluster.attributes().getOrDefault("run", ""), cluster.name())));
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return resources.find(KubeResources.POD, labels);
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        compute.forEach(resources::remove);
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return resources.live(compute);
    }

    @Override
    public List<String> auxiliaryKinds() {
        return List.of(KubeResources.SERVICE, SECRET);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return resources.find(kind, labels);
    }

    @Override
    public void remove(CloudResource resource) {
        resources.remove(resource);
    }

    @Override
    public TeardownPace teardownPace() {
        return new TeardownPace(config.poll(), Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        contexts.close();
    }

    private KubeJobs jobs(Cluster cluster) {
        String context = cluster.attributes().get(CONTEXT);
        return new KubeJobs(contexts.client(context), context, cluster.attributes().get(NAMESPACE), config.unschedulableTimeout(),
                config.poll());
    }

    private KubeLogs logs(Cluster cluster) {
        String context = cluster.attributes().get(CONTEXT);
        return new KubeLogs(contexts.client(context), context, cluster.attributes().get(NAMESPACE), config.poll());
    }
}
