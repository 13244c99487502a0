package dev.skyrun.aws;

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
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.Teardown;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.cloud.VmJobUpload;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * EC2 as a skyrun cloud: spot and on-demand instances running the job's container through the
 * VM bootstrap, with status, logs and exit codes in the run's S3 prefix and secrets in SSM.
 *
 * <p>Tunables (properties, for tests and impatient users): {@code poll_ms} (wait loops, 2000),
 * {@code terminate_timeout_s} (600), {@code retry_base_ms} (first throttling backoff, 500),
 * {@code heartbeat_s} (30), {@code heartbeat_timeout_s} (300), {@code autostop_minutes} (10),
 * {@code spot_price_ttl_s} (300).
 */
final class AwsCloud implements Cloud {

    private final AwsConfig config;
    private final AwsClients clients;
    private final S3Store store;
    private final AmiFinder amis = new AmiFinder();
    private final SpotPrices spotPrices;
    private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.ssm.SsmClient> ssm = new ConcurrentHashMap<>();
    private final AwsTeardown teardown;
    private final MountRelay relay;
    private final Clock clock = Clock.systemUTC();

    AwsCloud(AwsConfig config) {
        this.config = config;
        this.clients = new AwsClients(config);
        this.store = new S3Store(clients.s3(config.region()), config.region());
        this.relay = new MountRelay("aws", "s3", () -> store, MountRelay.checkpointPull(config::number));
        this.spotPrices = new SpotPrices(this::ec2, this::quickErrors, clock, Duration.ofSeconds(config.number("spot_price_ttl_s", 300)),
                new SpotPriceCache(Optional.of(config.cacheDir().resolve("aws-spot-prices.tsv"))));
        this.teardown = new AwsTeardown(config.region(), this::resources, r -> new SecretParameters(ssm(r), errors(r)));
    }

    @Override
    public String name() {
        return AwsProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        String region = config.region();
        try (var sts = clients.sts(); var s3 = clients.s3(region)) {
            return AwsCheck.run(clients.credentials(), sts, ec2(region), s3, config.bucket(), quickErrors(region), amis);
        }
    }

    @Override
    public List<Offering> liveOfferings(List<Offering> candidates) {
        try {
            return spotPrices.refresh(candidates);
        } catch (CloudException e) {
            return candidates; // offline or no permission: the catalog's prices stand
        }
    }

    @Override
    public List<Offering> priceList(List<String> regions) {
        try (var pricing = clients.pricing()) {
            return new AwsPriceList(pricing, this::ec2, this::errors, config.region()).offerings(regions);
        }
    }

    @Override
    public Cluster provision(Placement placement, ClusterRequest request) throws CapacityException {
        String region = placement.region();
        StatusKeys keys = StatusKeys.of(bucket(), request.runId(), request.clusterName());
        String userData = bootstrap(region, keys, request.runId(), request.clusterName()).launcher();
        ClusterRequest labelled = request.labelled();
        // A spot placement per region goes to the zone whose price it was quoted at (the cheapest, when live prices are known).
        Placement target = placement.zone().isEmpty() && placement.spot()
                ? spotPrices.cheapestZone(region, placement.instanceType(), request.avoidZones()).map(z -> placement.inZone(Optional.of(z))).orElse(placement)
                : placement;
        List<Instance> nodes;
        try {
            nodes = new Ec2Launcher(ec2(region), errors(region), config, amis).launch(target, labelled, userData);
        } catch (CapacityException | CloudException e) {
            cleanUpFailedLaunch(region, Labels.cluster(request.runId(), request.clusterName()), e);
            throw e;
        }
        Placement placed = placement.inZone(Optional.ofNullable(nodes.get(0).placement().availabilityZone()));
        return new Cluster(AwsProvider.NAME, request.clusterName(), placed, nodes.stream().map(Instance::instanceId).toList(),
                Map.of("region", region, "run", request.runId(), "bucket", keys.bucket(), "prefix", keys.prefix()));
    }

    /** A launch that created a security or placement group and then got no instances removes them again. */
    private void cleanUpFailedLaunch(String region, Labels cluster, Exception cause) {
        teardown.used(cluster.values().get(Labels.RUN), region);
        TeardownReport report = Teardown.of(this).run(cluster, List.of());
        if (!report.complete()) {
            cause.addSuppressed(new CloudException("aws " + region + ": cleaning up the failed launch left " + report.describeLeft()));
        }
    }

    @Override
    public NodeState state(Cluster cluster) {
        String region = region(cluster);
        NodeState s = status(cluster).state(cluster.nodeIds().size(), new Ec2Health(ec2(region), errors(region)).of(cluster),
                VmStatus.heartbeatTimeout(config::number), clock.instant());
        relay.pull(cluster.name(), s);
        return s;
    }

    @Override
    public JobHandle submit(Cluster cluster, JobSpec job, Secrets secrets) {
        return submit(cluster, job, secrets.reveal());
    }

    /** Starts the job: secrets into SSM under the cluster's path, the job script into the status prefix. */
    JobHandle submit(Cluster cluster, JobSpec job, Map<String, String> secrets) {
        String region = region(cluster);
        String run = cluster.attributes().get("run");
        new SecretParameters(ssm(region), errors(region)).put(SecretParameters.path(run, cluster.name()), secrets);
        List<String> ips = nodeIps(cluster);
        StatusKeys keys = keys(cluster);
        VmBootstrap bootstrap = bootstrap(region, keys, run, cluster.name());
        String script = bootstrap.job(relay.relay(cluster.name(), keys, job), ips);
        return VmJobUpload.put(cluster, "aws " + region, store, bootstrap, job, script);
    }

    @Override
    public void logs(Cluster cluster, LogQuery query, Consumer<LogLine> sink) {
        status(cluster).logs(cluster.nodeIds().size(), query, sink, () -> state(cluster),
                Duration.ofMillis(Math.max(200, config.number("poll_ms", 2000))));
    }

    @Override
    public List<CloudResource> compute(Cluster cluster) {
        return teardown.compute(cluster, region(cluster));
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return teardown.findCompute(labels);
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        teardown.terminateCompute(compute);
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return teardown.liveCompute(compute);
    }

    @Override
    public List<String> auxiliaryKinds() {
        return AwsTeardown.AUXILIARY_KINDS;
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return teardown.findAuxiliary(kind, labels);
    }

    @Override
    public void remove(CloudResource resource) {
        teardown.remove(resource);
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

    @Override
    public void close() {
        ec2.values().forEach(Ec2Client::close);
        ssm.values().forEach(software.amazon.awssdk.services.ssm.SsmClient::close);
        clients.close();
    }

    private VmBootstrap bootstrap(String region, StatusKeys keys, String run, String cluster) {
        return VmBootstrap.of(Ec2Shell.of(config, region, SecretParameters.path(run, cluster)), keys, config::number);
    }

    private List<String> nodeIps(Cluster cluster) {
        String region = region(cluster);
        long deadline = System.nanoTime() + Duration.ofSeconds(config.number("terminate_timeout_s", 600)).toNanos();
        while (true) {
            Map<String, String> ips = new java.util.HashMap<>();
            Ec2Instances.byIds(ec2(region), errors(region), cluster.nodeIds()).forEach(i -> {
                if (i.privateIpAddress() != null) {
                    ips.put(i.instanceId(), i.privateIpAddress());
                }
            });
            if (ips.size() == cluster.nodeIds().size()) {
                return cluster.nodeIds().stream().map(ips::get).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new CloudException("aws " + region + ": instances " + cluster.nodeIds() + " have no private IP yet");
            }
            pause();
        }
    }

    private Ec2Resources resources(String region) {
        return new Ec2Resources(ec2(region), errors(region), Duration.ofMillis(config.number("poll_ms", 2000)),
                Duration.ofSeconds(config.number("terminate_timeout_s", 600)));
    }

    private String bucket() {
        return config.bucket().orElseThrow(() -> new CloudException(
                "aws: no bucket for run status; set SKYRUN_AWS_BUCKET (or the aws property bucket) to an S3 bucket the instances' role can write"));
    }

    private VmStatus status(Cluster cluster) {
        return new VmStatus(AwsProvider.NAME, store, keys(cluster));
    }

    private StatusKeys keys(Cluster cluster) {
        return new StatusKeys(cluster.attributes().get("bucket"), cluster.attributes().get("prefix"));
    }

    private static String region(Cluster cluster) {
        return cluster.attributes().getOrDefault("region", cluster.placement().region());
    }

    Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region, clients::ec2);
    }

    private software.amazon.awssdk.services.ssm.SsmClient ssm(String region) {
        return ssm.computeIfAbsent(region, clients::ssm);
    }

    AwsErrors errors(String region) {
        return new AwsErrors(region, 6, Duration.ofMillis(config.number("retry_base_ms", 500)));
    }

    /** For calls that have a fallback (live prices) or report rather than act (check): two tries, not six. */
    private AwsErrors quickErrors(String region) {
        return new AwsErrors(region, 2, Duration.ofMillis(config.number("retry_base_ms", 500)));
    }

    private void pause() {
        try {
            Thread.sleep(config.number("poll_ms", 2000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("aws: interrupted", e);
        }
    }
}
