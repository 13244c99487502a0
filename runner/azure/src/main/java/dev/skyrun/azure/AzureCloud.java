package dev.skyrun.azure;

import dev.skyrun.catalog.Offering;
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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Azure as the cloud {@code azure}: VMs (Spot or regular, with GPUs) started by the shared VM
 * bootstrap ({@link VmBootstrap} with {@link AzureShell}) as custom data, which runs the job's
 * container and reports status, logs and exit code to the run's Blob prefix, read back by the
 * shared {@link VmStatus}; secrets travel through Key Vault.
 */
final class AzureCloud implements Cloud {

    private final AzureConfig config;
    private final AzureClients clients;
    private final MountRelay relay;

    AzureCloud(AzureConfig config, AzureClients clients) {
        this.config = config;
        this.clients = clients;
        this.relay = new MountRelay("azure", "az", clients::store, MountRelay.checkpointPull(config::number));
    }

    @Override
    public String name() {
        return AzureProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        return new AzureCheck(config, clients).run();
    }

    @Override
    public List<Offering> priceList(List<String> regions) {
        return new AzurePriceList(config, clients).offerings(regions);
    }

    @Override
    public Cluster provision(Placement p, ClusterRequest r) throws CapacityException, CloudException {
        StatusKeys keys = StatusKeys.of(config.container(), r.runId(), r.clusterName());
        List<String> names = vms().create(p, r.labelled(), bootstrap(keys, r.runId(), r.clusterName()).launcher());
        return new Cluster(AzureProvider.NAME, r.clusterName(), p, names, Map.of("region", p.region(), "run", r.runId(),
                "container", keys.bucket(), "prefix", keys.prefix()));
    }

    @Override
    public NodeState state(Cluster c) {
        List<NodeHealth> health = c.nodeIds().stream().map(n -> vms().health(c.placement(), n)).toList();
        NodeState s = status(c).state(c.nodeIds().size(), health, VmStatus.heartbeatTimeout(config::number),
                Instant.now());
        relay.pull(c.name(), s);
        return s;
    }

    @Override
    public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) {
        String run = c.attributes().get("run");
        if (!secrets.isEmpty()) {
            KeyVaultSecrets.of(config, clients).put(run, c.name(), secrets.reveal(), labels(c));
        }
        StatusKeys keys = keys(c);
        VmBootstrap bootstrap = bootstrap(keys, run, c.name());
        String script = bootstrap.job(relay.relay(c.name(), keys, job), ips(c));
        return VmJobUpload.put(c, "azure " + c.placement().region(), clients.store(), bootstrap, job, script);
    }

    /** The nodes' private addresses, rank order, as their NICs have them. */
    private List<String> ips(Cluster c) {
        return c.nodeIds().stream().map(n -> network().privateIp(c.placement().region(), n + "-nic")).toList();
    }

    @Override
    public void logs(Cluster c, LogQuery query, Consumer<LogLine> sink) {
        status(c).logs(c.nodeIds().size(), query, sink, () -> state(c), config.pollInterval());
    }

    @Override
    public List<CloudResource> compute(Cluster c) {
        return c.nodeIds().stream().map(n -> new CloudResource(AzureProvider.NAME, AzureVms.VM,
                vms().id(c.placement().region(), n), Map.of())).toList();
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return vms().find(labels);
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        compute.forEach(r -> vms().delete(r.id()));
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return compute.stream().filter(r -> vms().exists(r.id())).toList();
    }

    @Override
    public List<String> auxiliaryKinds() {
        return List.of(AzureNetwork.NIC, ClusterPorts.PUBLIC_IP, AzureVms.DISK, ClusterPorts.NSG, PlacementGroups.KIND, SECRET);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return switch (kind) {
            case AzureNetwork.NIC -> network().findNics(labels);
            case AzureVms.DISK -> vms().findDisks(labels);
            case PlacementGroups.KIND -> new PlacementGroups(config, clients.compute()).find(labels);
            case ClusterPorts.NSG, ClusterPorts.PUBLIC_IP -> new ClusterPorts(config, clients.network()).find(kind, labels);
            default -> config.vaultUrl().isPresent() ? KeyVaultSecrets.of(config, clients).find(labels) : List.of();
        };
    }

    @Override
    public void remove(CloudResource r) {
        switch (r.kind()) {
            case AzureNetwork.NIC -> network().deleteNic(r.id());
            case AzureVms.DISK -> vms().deleteDisk(r.id());
            case PlacementGroups.KIND -> new PlacementGroups(config, clients.compute()).delete(r.id());
            case ClusterPorts.NSG, ClusterPorts.PUBLIC_IP -> new ClusterPorts(config, clients.network()).delete(r);
            case SECRET -> KeyVaultSecrets.of(config, clients).delete(r.id());
            default -> vms().delete(r.id());
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

    private VmBootstrap bootstrap(StatusKeys keys, String run, String cluster) {
        return VmBootstrap.of(AzureShell.of(config, KeyVaultSecrets.prefix(run, cluster)), keys, config::number);
    }

    private VmStatus status(Cluster c) {
        return new VmStatus(AzureProvider.NAME, clients.store(), keys(c));
    }

    private static StatusKeys keys(Cluster c) {
        return new StatusKeys(c.attributes().get("container"), c.attributes().get("prefix"));
    }

    private AzureNetwork network() {
        return new AzureNetwork(config, clients.network(), clients.resources());
    }

    private AzureVms vms() {
        return new AzureVms(config, clients.compute(), network());
    }

    @Override
    public void close() {
        // the JDK HTTP client holds no connection skyrun must release
    }
}
