package dev.skyrun.gcp;

import com.google.cloud.aiplatform.v1.CustomJob;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Vertex AI as the cloud {@code vertex}: a cluster is one CustomJob ({@link VertexJob}) in the
 * placement's region, created at submit, polled for its state; a teardown cancels it (the
 * compute), verifies it ended, then deletes its record and secrets (the auxiliaries). Nothing is created at provision (Vertex AI provisions the machines itself); the
 * job is found again by its {@code skyrun-cluster} label, so a resumed runner adopts it instead
 * of creating a second one. Secrets go to Secret Manager and are read by the container.
 *
 * <p>Settings ({@link GcpConfig}, {@code SKYRUN_VERTEX_*}): {@code project}, {@code bucket} (GCS
 * bucket of the jobs' output directories), {@code region} (of {@code skyrun check}, default
 * {@code us-central1}), {@code regions} (swept by {@code down --sweep}), {@code service_account},
 * {@code aiplatform_endpoint} (a plaintext gRPC endpoint, for tests).
 */
final class VertexCloud implements Cloud {

    private static final String DEFAULT_REGIONS = "us-central1,us-east1,europe-west4";

    private final GcpConfig config;
    private final GcpClients clients;
    /** Cluster name to its CustomJob's resource name, once known: state polls read the job, not a list. */
    private final Map<String, String> jobNames = new ConcurrentHashMap<>();
    /** Regions of the clusters this process saw: a teardown looks for their jobs there too. */
    private final Set<String> regions = ConcurrentHashMap.newKeySet();

    VertexCloud(GcpConfig config) {
        this.config = config;
        this.clients = new GcpClients(config);
    }

    @Override
    public String name() {
        return VertexProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        return GcpCheck.vertex(config, clients, config.settings().property("region").orElse("us-central1"));
    }

    /** Records where the job will run; Vertex AI creates the machines when the job is submitted. */
    @Override
    public Cluster provision(Placement p, ClusterRequest r) {
        config.requireProject();
        StatusKeys keys = StatusKeys.of(config.bucket(), r.runId(), r.clusterName());
        Map<String, String> labels = GceLabels.of(r.labelled().labels().values());
        List<String> replicas = new ArrayList<>(List.of("workerpool0-0"));
        for (int i = 1; i < p.nodes(); i++) {
            replicas.add("workerpool1-" + (i - 1));
        }
        Map<String, String> attributes = Cluster.withLabels(Map.of("run", r.runId(), "bucket", keys.bucket(), "prefix", keys.prefix()),
                labels);
        return new Cluster(VertexProvider.NAME, r.clusterName(), p, replicas, attributes);
    }

    @Override
    public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) throws CapacityException {
        String run = c.attributes().get("run");
        Map<String, String> labels = c.labelAttributes();
        VertexJobs jobs = jobs(c.placement().region());
        Optional<CustomJob> existing = jobs.find(Map.of(Labels.CLUSTER, labels.get(Labels.CLUSTER))).stream().findFirst();
        if (existing.isPresent()) {
            jobNames.put(c.name(), existing.get().getName());
            return new JobHandle(c, existing.get().getName());
        }
        if (!secrets.isEmpty()) {
            new GcpSecrets(config, clients.secrets()).put(run, c.name(), secrets.reveal());
        }
        String base = "gs://" + c.attributes().get("bucket") + "/" + c.attributes().get("prefix");
        Optional<String> workdir = job.workdir().map(dir -> upload(dir, base + "/workdir"));
        CustomJob spec = VertexJob.of(c.name(), c.placement(), job, GcpShell.of(config, GcpSecrets.prefix(run, c.name()), 1), labels,
                keys(c), workdir, config.settings().property("service_account"));
        String name = jobs.create(spec).getName();
        jobNames.put(c.name(), name);
        return new JobHandle(c, name);
    }

    private String upload(String dir, String uri) {
        try {
            clients.store().uploadDir(Path.of(dir), uri);
            return uri;
        } catch (IOException e) {
            throw new CloudException("vertex: cannot upload the workdir " + dir + " to " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public NodeState state(Cluster c) {
        VertexJobs jobs = jobs(c.placement().region());
        String known = jobNames.get(c.name());
        Optional<CustomJob> job = known != null ? jobs.get(known)
                : jobs.find(Map.of(Labels.CLUSTER, c.labelAttributes().get(Labels.CLUSTER))).stream().findFirst();
        job.ifPresent(j -> jobNames.put(c.name(), j.getName()));
        return job.map(j -> VertexJobs.state(j, c.placement().spot())).orElseGet(() -> new NodeState.Lost(
                "the CustomJob of cluster " + c.name() + " is gone from Vertex AI in " + c.placement().region()));
    }

    /** The nodes' output as each wrote it through Cloud Storage FUSE (complete once a node's job ended). */
    @Override
    public void logs(Cluster c, LogQuery query, Consumer<LogLine> sink) {
        new VmStatus(VertexProvider.NAME, clients.store(), keys(c)).logs(c.nodeIds().size(), query, sink, () -> state(c),
                config.pollInterval());
    }

    /** The cluster's CustomJob once this process knows its name; else a teardown finds it by label. */
    @Override
    public List<CloudResource> compute(Cluster c) {
        regions.add(c.placement().region());
        String known = jobNames.get(c.name());
        return known == null ? List.of() : List.of(new CloudResource(VertexProvider.NAME, "custom-job", known, Map.of()));
    }

    /** CustomJobs carrying the labels that have not ended, in the configured regions and those of clusters seen. */
    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return jobs(labels, false);
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        compute.forEach(r -> jobs(regionOf(r)).cancel(r.id()));
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return compute.stream().filter(r -> jobs(regionOf(r)).live(r.id())).toList();
    }

    /** Ended CustomJobs (their records), then the secrets. */
    @Override
    public List<String> auxiliaryKinds() {
        return List.of("custom-job", SECRET);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return kind.equals(SECRET) ? new GcpSecrets(config, clients.secrets()).find(labels) : jobs(labels, true);
    }

    @Override
    public void remove(CloudResource resource) {
        if (resource.kind().equals(SECRET)) {
            new GcpSecrets(config, clients.secrets()).delete(resource.id());
            return;
        }
        VertexJobs jobs = jobs(regionOf(resource));
        jobs.cancel(resource.id());
        jobs.delete(resource.id());
        jobNames.values().remove(resource.id());
    }

    @Override
    public TeardownPace teardownPace() {
        return config.teardownPace();
    }

    private List<CloudResource> jobs(Labels labels, boolean ended) {
        Set<String> where = new LinkedHashSet<>();
        for (String region : config.settings().property("regions").orElse(DEFAULT_REGIONS).split(",")) {
            where.add(region.strip());
        }
        where.addAll(regions);
        List<CloudResource> out = new ArrayList<>();
        for (String region : where) {
            for (CustomJob j : jobs(region).find(GceLabels.of(labels.values()))) {
                if (VertexJobs.TERMINAL.contains(j.getState()) == ended) {
                    out.add(new CloudResource(VertexProvider.NAME, "custom-job", j.getName(), j.getLabelsMap()));
                }
            }
        }
        return out;
    }

    private static String regionOf(CloudResource job) {
        return job.id().replaceAll("^projects/[^/]+/locations/([^/]+)/.*$", "$1");
    }

    private VertexJobs jobs(String region) {
        return new VertexJobs(config, clients.jobs(region), region);
    }

    private static StatusKeys keys(Cluster c) {
        return new StatusKeys(c.attributes().get("bucket"), c.attributes().get("prefix"));
    }

    @Override
    public void close() {
        clients.close();
    }
}
