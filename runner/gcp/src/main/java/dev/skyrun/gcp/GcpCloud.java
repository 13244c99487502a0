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
import dev.skyrun.cloud.NodeState;
import dev.skyrun.catalog.Offering;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.plan.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google Cloud as the cloud {@code gcp}: Compute Engine VMs (spot or on demand, with GPUs)
 * and TPU VMs, each started by a startup script that runs the job's container and reports
 * status, logs and exit code to the run's GCS prefix.
 */
final class GcpCloud implements Cloud {

    private final GcpConfig config;
    private final GcpClients clients;

    GcpCloud(GcpConfig config) {
        this.config = config;
        this.clients = new GcpClients(config);
    }

    @Override
    public String name() {
        return "gcp";
    }

    @Override
    public CredentialCheck check() {
        return GcpCheck.gcp(config, clients);
    }

    @Override
    public List<Offering> liveOfferings(List<Offering> candidates) {
        return candidates;
    }

    @Override
    public Cluster provision(Placement p, ClusterRequest r) throws CapacityException, CloudException {
        Optional<TpuSlice> slice = TpuSlice.of(p);
        RunPrefix prefix = RunPrefix.of(config, r.runId(), r.clusterName());
        List<String> names = nodesFor(p).create(p, r, rank -> StartupScript.bootstrap(config, prefix,
                slice.isPresent() ? StartupScript.TPU_WORKER_RANK : Integer.toString(rank)));
        String zone = GceNodes.zoneOf(p);
        int ranks = slice.isPresent()
                ? names.size() * new TpuNodes(config, clients.tpu()).workers(zone, names.get(0), slice.get())
                : names.size();
        return new Cluster("gcp", r.clusterName(), p, names, Map.of(
                "zone", zone, "run", r.runId(), "kind", slice.isPresent() ? "tpu" : "gce", "ranks", Integer.toString(ranks)));
    }

    @Override
    public NodeState state(Cluster c) {
        List<NodeHealth> health = nodesFor(c.placement()).health(c);
        try {
            return JobReports.read(clients.store(), config, prefixOf(c)).state(Integer.parseInt(c.attributes().get("ranks")), health);
        } catch (IOException e) {
            throw new CloudException("gcp " + c.placement().region() + ": cannot read the job's reports under "
                    + config.runStore() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JobHandle submit(Cluster c, JobSpec job) {
        RunPrefix prefix = prefixOf(c);
        try {
            clients.store().put(prefix.relativeTo(config, prefix.job()), StartupScript.job(job).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CloudException("gcp " + c.placement().region() + ": cannot write the job to gs://" + prefix.bucket()
                    + "/" + prefix.job() + ": " + e.getMessage(), e);
        }
        return new JobHandle(c, "gs://" + prefix.bucket() + "/" + prefix.job());
    }

    @Override
    public void terminate(Cluster c) {
        nodesFor(c.placement()).delete(c);
    }

    @Override
    public List<CloudResource> findLabelled(Labels labels) {
        List<CloudResource> out = new ArrayList<>(new GceNodes(config, clients.instances(), clients.zoneOperations()).find(labels));
        out.addAll(new TpuNodes(config, clients.tpu()).find(labels));
        return out;
    }

    /** The log a node's job wrote so far, from the run's GCS prefix. */
    String log(Cluster c, int rank) throws IOException {
        RunPrefix prefix = prefixOf(c);
        try (var in = clients.store().open(prefix.relativeTo(config, prefix.node(rank, RunPrefix.NodeFile.LOG)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private RunPrefix prefixOf(Cluster c) {
        return RunPrefix.of(config, c.attributes().get("run"), c.name());
    }

    private Nodes nodesFor(Placement p) {
        return TpuSlice.of(p).isPresent()
                ? new TpuNodes(config, clients.tpu())
                : new GceNodes(config, clients.instances(), clients.zoneOperations());
    }

    @Override
    public void close() {
        clients.close();
    }
}
