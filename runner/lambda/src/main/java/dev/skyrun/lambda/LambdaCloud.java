package dev.skyrun.lambda;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.Teardown;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lambda Cloud as a skyrun cloud: on-demand GPU instances (Lambda sells no spot) started with the
 * VM launcher as cloud-init user data; the job script, the node's rank and the secrets go over SSH
 * with the cluster's own key, and status, logs and exit code are read back over SSH from the
 * instance's files ({@link LambdaNodes}) by the one VM status reader. A vanished instance is a
 * loss the controller recovers from like a preemption.
 *
 * <p>Tunables (properties): {@code poll_ms} (wait loops, 2000), {@code boot_timeout_s} (1200),
 * {@code terminate_timeout_s} (600), {@code retry_base_ms} (first rate-limit backoff, 1000),
 * {@code heartbeat_s} (30), {@code heartbeat_timeout_s} (300), {@code api_timeout_s} (30).
 */
final class LambdaCloud implements Cloud {

    private final LambdaConfig config;
    private final LambdaApi api;
    private final LambdaErrors errors;
    private final LambdaResources resources;
    private final LambdaNodes nodes;

    LambdaCloud(LambdaConfig config) {
        this.config = config;
        String key = config.apiKey().orElse("");
        this.api = new LambdaApi(config.endpoint(), key, Duration.ofSeconds(config.number("api_timeout_s", 30)));
        this.errors = new LambdaErrors(6, Duration.ofMillis(config.number("retry_base_ms", 1000)));
        this.resources = new LambdaResources(api, errors, config.keyDir());
        this.nodes = new LambdaNodes(config, api, errors);
    }

    @Override
    public String name() {
        return LambdaProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        return new LambdaCatalog(api, new LambdaErrors(1, Duration.ZERO)).check(config.apiKey().isPresent());
    }

    @Override
    public List<Offering> liveOfferings(List<Offering> candidates) {
        try {
            return new LambdaCatalog(api, new LambdaErrors(2, Duration.ofMillis(config.number("retry_base_ms", 1000))))
                    .reprice(candidates);
        } catch (CloudException e) {
            return candidates; // offline or refused: the catalog's prices stand
        }
    }

    @Override
    public List<Offering> priceList(List<String> regions) {
        return new LambdaCatalog(api, errors).offerings(regions);
    }

    @Override
    public Cluster provision(Placement placement, ClusterRequest request) throws CapacityException {
        requireKey();
        if (placement.spot()) {
            throw new CapacityException(CapacityException.Scope.CLOUD, "lambda sells no spot instances; a spot placement"
                    + " on lambda cannot be launched (ask use_spot: false for lambda)");
        }
        ClusterKey key = ClusterKey.loadOrCreate(config.keyDir(), ClusterKey.nameOf(request.runId(), request.clusterName()));
        StatusKeys keys = StatusKeys.of(LambdaShell.BUCKET, request.runId(), request.clusterName());
        String userData = bootstrap(keys, request.clusterName()).launcher();
        List<LambdaApi.Instance> started;
        try {
            started = new LambdaLauncher(api, errors, poll(), Duration.ofSeconds(config.number("boot_timeout_s", 1200)))
                    .launch(placement, request, key, userData);
        } catch (CapacityException | CloudException e) {
            cleanUpFailedLaunch(Labels.cluster(request.runId(), request.clusterName()).with(Labels.INTENT, request.intentToken()), e);
            throw e;
        }
        return new Cluster(LambdaProvider.NAME, request.clusterName(), placement,
                started.stream().map(LambdaApi.Instance::id).toList(), Map.of("region", placement.region(), "run", request.runId(),
                        "prefix", keys.prefix(), "key", key.name(),
                        "ips", String.join(",", started.stream().map(LambdaApi.Instance::ip).toList()),
                        "private_ips", String.join(",", started.stream().map(i -> i.privateIp().isBlank() ? i.ip() : i.privateIp()).toList())));
    }

    /** A launch that started instances and then failed (one ended while booting, a timeout) terminates them again. */
    private void cleanUpFailedLaunch(Labels labels, Exception cause) {
        try {
            TeardownReport report = Teardown.of(this).run(labels, List.of());
            if (!report.complete()) {
                cause.addSuppressed(new CloudException("lambda: cleaning up the failed launch left " + report.describeLeft()));
            }
        } catch (CloudException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public NodeState state(Cluster cluster) {
        return nodes.state(cluster, bootstrapKeys(cluster));
    }

    @Override
    public JobHandle submit(Cluster cluster, JobSpec job, Secrets secrets) {
        StatusKeys keys = bootstrapKeys(cluster);
        JobSpec relayed = nodes.relayMounts(cluster, keys, job);
        String script = bootstrap(keys, cluster.name()).job(relayed, List.of(cluster.attributes().get("private_ips").split(",")));
        nodes.start(cluster, keys, script, relayed, secrets);
        return new JobHandle(cluster, "lambda:" + keys.storeKey(keys.job()));
    }

    @Override
    public void logs(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        nodes.status(cluster, bootstrapKeys(cluster)).logs(cluster.nodeIds().size(), query, sink, () -> state(cluster),
                Duration.ofMillis(Math.max(200, config.number("poll_ms", 2000))));
    }

    @Override
    public List<CloudResource> compute(Cluster cluster) {
        return cluster.nodeIds().stream().map(id -> new CloudResource(LambdaProvider.NAME, LambdaResources.INSTANCE, id, Map.of()))
                .toList();
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return resources.findCompute(labels);
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        nodes.forget(compute);
        resources.terminate(compute);
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return resources.live(compute);
    }

    @Override
    public List<String> auxiliaryKinds() {
        return List.of(LambdaResources.SSH_KEY);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return kind.equals(LambdaResources.SSH_KEY) ? resources.findKeys(labels) : List.of();
    }

    @Override
    public void remove(CloudResource resource) {
        resources.remove(resource);
    }

    /** The heartbeat timeout: while the status store cannot be read, no heartbeat can be judged. */
    @Override
    public Duration unreadableLimit() {
        return VmStatus.heartbeatTimeout(config::number);
    }

    @Override
    public TeardownPace teardownPace() {
        return new TeardownPace(poll(), Duration.ofSeconds(config.number("terminate_timeout_s", 600)));
    }

    @Override
    public void close() {
        nodes.close();
    }

    private VmBootstrap bootstrap(StatusKeys keys, String clusterName) {
        return new VmBootstrap(new LambdaShell(config.vmRoot(), config.secretRoot() + "/" + clusterName), keys,
                VmBootstrap.heartbeatSeconds(config::number), 0);
    }

    private static StatusKeys bootstrapKeys(Cluster cluster) {
        return new StatusKeys(LambdaShell.BUCKET, cluster.attributes().get("prefix"));
    }

    private Duration poll() {
        return Duration.ofMillis(config.number("poll_ms", 2000));
    }

    private void requireKey() {
        if (config.apiKey().isEmpty()) {
            throw new CredentialException("lambda: no API key. " + LambdaErrors.KEY_FIX);
        }
    }
}
