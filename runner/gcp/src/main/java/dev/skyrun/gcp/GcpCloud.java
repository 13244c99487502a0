package dev.skyrun.gcp;

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
import dev.skyrun.cloud.MountRelay;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.cloud.VmJobUpload;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Google Cloud as the cloud {@code gcp}: Compute Engine VMs (spot or on demand, with GPUs)
 * and TPU VMs, each started by the shared VM bootstrap ({@link VmBootstrap} with
 * {@link GcpShell}) that runs the job's container and reports status, logs and exit code to the
 * run's GCS prefix; secrets travel through Secret Manager.
 */
final class GcpCloud implements Cloud {

    private final GcpConfig config;
    private final GcpClients clients;
    private final MountRelay relay;

    GcpCloud(GcpConfig config) {
        this.config = config;
        this.clients = new GcpClients(config);
        this.relay = new MountRelay("gcp", "gs", clients::store, MountRelay.checkpointPull(config::number));
    }

    @Override
    public String name() {
        return GcpProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        return GcpCheck.gcp(config, clients);
    }

    @Override
    public Cluster provision(Placement p, ClusterRequest r) throws CapacityException, CloudException {
        config.requireProject();
        Optional<TpuSlice> slice = TpuSlice.of(p);
        int workers = slice.map(TpuSlice::workers).orElse(1);
        StatusKeys keys = StatusKeys.of(config.bucket(), r.runId(), r.clusterName());
        ClusterRequest labelled = r.labelled();
        firewalls().open(p, labelled);
        List<String> names;
        try {
            names = nodesFor(p).create(p, labelled, bootstrap(keys, r.runId(), r.clusterName(), workers).launcher());
        } catch (CapacityException | CloudException e) {
            closePorts(p, r, e);
            throw e;
        }
        return new Cluster(GcpProvider.NAME, r.clusterName(), p, names, Map.of(
                "zone", GceNodes.zoneOf(p), "run", r.runId(), "bucket", keys.bucket(), "prefix", keys.prefix(),
                "kind", slice.isPresent() ? "tpu" : "gce", "workers", Integer.toString(workers)));
    }

    /** A launch that opened ports and then got no nodes closes them again. */
    private void closePorts(Placement p, ClusterRequest r, Exception cause) {
        if (p.ports().isEmpty()) {
            return;
        }
        try {
            firewalls().delete(GceFirewalls.name(r.clusterName()));
        } catch (CloudException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public NodeState state(Cluster c) {
        List<NodeHealth> health = nodesFor(c.placement()).health(c);
        NodeState s = status(c).state(ranks(c), health, VmStatus.heartbeatTimeout(config::number),
                Instant.now());
        relay.pull(c.name(), s);
        return s;
    }

    @Override
    public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
        String run = c.attributes().get("run");
        if (!secrets.isEmpty()) {
            new GcpSecrets(config, clients.secrets()).put(run, c.name(), secrets.reveal());
        }
        StatusKeys keys = keys(c);
        VmBootstrap bootstrap = bootstrap(keys, run, c.name(), Integer.parseInt(c.attributes().get("workers")));
        String script = bootstrap.job(relay.relay(c.name(), keys, job), nodesFor(c.placement()).ips(c));
        return VmJobUpload.put(c, "gcp " + c.placement().region(), clients.store(), bootstrap, job, script);
    }

    @Override
    public void logs(Cluster c, LogQuery query, Consumer<LogLine> sink) {
        status(c).logs(ranks(c), query, sink, () -> state(c), config.pollInterval());
    }

    @Override
    public List<CloudResource> compute(Cluster c) {
        return nodesFor(c.placement()).compute(c);
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        List<CloudResource> out = new ArrayList<>(gce().find(labels));
        out.addAll(tpu().find(labels));
        return out;
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        compute.forEach(this::remove);
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return compute.stream().filter(r -> nodesOf(r).exists(r)).toList();
    }

    @Override
    public List<String> auxiliaryKinds() {
        return List.of(GceFirewalls.KIND, SECRET);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return kind.equals(GceFirewalls.KIND) ? firewalls().find(labels) : new GcpSecrets(config, clients.secrets()).find(labels);
    }

    @Override
    public void remove(CloudResource resource) {
        if (resource.kind().equals(SECRET)) {
            new GcpSecrets(config, clients.secrets()).delete(resource.id());
        } else if (resource.kind().equals(GceFirewalls.KIND)) {
            firewalls().delete(resource.id());
        } else {
            nodesOf(resource).remove(resource);
        }
    }

    /** The heartbeat timeout: while the status store cannot be read, no heartbeat can be judged. */
    @Override
    public Duration unreadableLimit() {
        return VmStatus.heartbeatTimeout(config::number);
    }

    @Override
    public TeardownPace teardownPace() {
        return config.teardownPace();
    }

    private Nodes nodesOf(CloudResource r) {
        return r.kind().equals("tpu-node") ? tpu() : gce();
    }

    private VmBootstrap bootstrap(StatusKeys keys, String run, String cluster, int workers) {
        return VmBootstrap.of(GcpShell.of(config, GcpSecrets.prefix(run, cluster), workers), keys, config::number);
    }

    private VmStatus status(Cluster c) {
        return new VmStatus(GcpProvider.NAME, clients.store(), keys(c));
    }

    private static int ranks(Cluster c) {
        return c.nodeIds().size() * Integer.parseInt(c.attributes().get("workers"));
    }

    private static StatusKeys keys(Cluster c) {
        return new StatusKeys(c.attributes().get("bucket"), c.attributes().get("prefix"));
    }

    private Nodes nodesFor(Placement p) {
        return TpuSlice.of(p).isPresent() ? tpu() : gce();
    }

    private GceNodes gce() {
        return new GceNodes(config, clients.instances(), clients.zoneOperations());
    }

    private GceFirewalls firewalls() {
        return new GceFirewalls(config, clients.firewalls());
    }

    private TpuNodes tpu() {
        return new TpuNodes(config, clients.tpu());
    }

    @Override
    public void close() {
        clients.close();
    }
}
