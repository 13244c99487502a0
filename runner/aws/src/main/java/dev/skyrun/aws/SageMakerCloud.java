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
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.TeardownPace;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;

/**
 * SageMaker training jobs as the cloud {@code sagemaker}: a cluster is one training job
 * ({@link SageMakerJob}) of {@code num_nodes} instances in the placement's region, created at
 * submit (nothing is created at provision) and found again by its name, so a resumed runner adopts
 * it. Scripts, outputs, checkpoints and secrets live in the home region ({@code region}): its bucket
 * and SSM; SageMaker wants the bucket in the job's region, so set {@code region} to where jobs run. Status is {@link SageMakerStates}; logs come from CloudWatch Logs ({@link SageMakerLogs}); a
 * teardown stops the job and verifies it ended, then deletes its SSM secrets. Training jobs
 * cannot be deleted: an ended one is history, not a resource.
 *
 * <p>Settings ({@code SKYRUN_SAGEMAKER_*}): {@code role_arn} (the execution role, required),
 * {@code bucket} (S3 bucket of scripts, outputs and checkpoints, else {@code SKYRUN_AWS_BUCKET}),
 * {@code max_run_s} (MaxRuntimeInSeconds, 86400), {@code max_wait_s} (MaxWaitTimeInSeconds of
 * spot jobs, twice the run time), {@code volume_gb} (50 unless the task sets {@code disk_size}),
 * {@code regions} (swept by {@code down --sweep}), {@code poll_ms}, {@code retry_base_ms}, and the
 * endpoints of {@link AwsConfig} ({@code sagemaker_endpoint}, {@code logs_endpoint}, {@code s3_endpoint},
 * {@code ssm_endpoint}).
 */
final class SageMakerCloud implements Cloud {

    private static final String DEFAULT_REGIONS = "us-east-1,us-west-2,eu-west-1";
    private static final String KIND = "training-job";

    private final AwsConfig config;
    private final AwsClients clients;
    private final S3Store store;
    private final Map<String, SageMakerClient> sagemaker = new ConcurrentHashMap<>();
    private final Map<String, CloudWatchLogsClient> logs = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.ssm.SsmClient> ssm = new ConcurrentHashMap<>();
    /** Cluster name to the mounts of the job it runs (to copy back once it ended), for jobs submitted here. */
    private final Map<String, List<SageMakerMount>> submitted = new ConcurrentHashMap<>();
    private final Set<String> regions = ConcurrentHashMap.newKeySet();

    SageMakerCloud(AwsConfig config) {
        this.config = config;
        this.clients = new AwsClients(config);
        this.store = new S3Store(clients.s3(config.region()), config.region());
    }

    @Override
    public String name() {
        return SageMakerProvider.NAME;
    }

    @Override
    public CredentialCheck check() {
        String region = config.region();
        try (var sts = clients.sts(); var s3 = clients.s3(region)) {
            return SageMakerCheck.run(clients.credentials(), sts, sagemaker(region), s3, config, errors(region, 2));
        }
    }

    @Override
    public List<Offering> priceList(List<String> wanted) {
        try (var pricing = clients.pricing()) {
            return new SageMakerPriceList(pricing, errors("us-east-1", 6)).offerings(wanted);
        }
    }

    /** Records where the job will run; SageMaker creates the instances when the job is created. */
    @Override
    public Cluster provision(Placement p, ClusterRequest r) {
        StatusKeys keys = StatusKeys.of(bucket(), r.runId(), r.clusterName());
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= p.nodes(); i++) {
            hosts.add("algo-" + i);
        }
        Map<String, String> attributes = Map.of("run", r.runId(), "region", p.region(), "bucket", keys.bucket(),
                "prefix", keys.prefix(), "job", SageMakerJob.name(r.clusterName()),
                "volume_gb", Integer.toString(r.diskSizeGib() > 0 ? r.diskSizeGib() : (int) config.number("volume_gb", 50)));
        return new Cluster(SageMakerProvider.NAME, r.clusterName(), p, hosts, Cluster.withLabels(attributes,
                r.labelled().labels().values()));
    }

    @Override
    public JobHandle submit(Cluster c, JobSpec job, Secrets secrets) throws CapacityException {
        String region = region(c);
        String name = c.attributes().get("job");
        List<SageMakerMount> mounts = SageMakerMount.of(job);
        SageMakerJobs jobs = jobs(region);
        Optional<DescribeTrainingJobResponse> existing = jobs.describe(name);
        if (existing.isPresent()) {
            submitted.put(c.name(), mounts);
            return new JobHandle(c, existing.get().trainingJobArn());
        }
        SageMakerJob.requireEcr(job.image());
        String role = config.settings().property("role_arn").orElseThrow(() -> new CloudException(
                "sagemaker: no execution role; set SKYRUN_SAGEMAKER_ROLE_ARN to the ARN of an IAM role SageMaker may assume"
                        + " (it needs the bucket, ECR pull, CloudWatch Logs and ssm:GetParameter on /skyrun/*)"));
        String run = c.attributes().get("run");
        secrets().put(SecretParameters.path(run, c.name()), secrets.reveal());
        StatusKeys keys = keys(c);
        SageMakerFiles files = files(c);
        String script = SageMakerScript.render(job, Ec2Shell.of(config, config.region(), SecretParameters.path(run, c.name())), keys, mounts);
        Set<Integer> uploaded = files.upload(job, script, mounts);
        int maxRun = (int) config.number("max_run_s", 86400);
        var request = SageMakerJob.of(c.name(), c.placement(), job, mounts, uploaded, c.labelAttributes(), new SageMakerJob.Options(role, keys,
                files.checkpointUri(), maxRun, (int) config.number("max_wait_s", 2L * maxRun), Integer.parseInt(c.attributes().get("volume_gb"))));
        submitted.put(c.name(), mounts);
        return new JobHandle(c, jobs.create(request, c.placement().instanceType()));
    }

    @Override
    public NodeState state(Cluster c) {
        String name = c.attributes().get("job");
        NodeState s = jobs(region(c)).describe(name)
                .map(d -> SageMakerStates.of(name, d.trainingJobStatusAsString(), d.secondaryStatusAsString(), d.failureReason(),
                        c.placement().spot()))
                .orElseGet(() -> new NodeState.Lost("training job " + name + " is unknown to SageMaker in " + region(c)));
        if (s.ended()) {
            syncBack(c);
        }
        return s;
    }

    /** Once per submitted job: its outputs and checkpoints into the staging directories; a concurrent caller waits for it. */
    private synchronized void syncBack(Cluster c) {
        List<SageMakerMount> mounts = submitted.remove(c.name());
        if (mounts != null) {
            files(c).syncBack(mounts);
        }
    }

    @Override
    public void logs(Cluster c, LogQuery query, Consumer<LogLine> sink) {
        String region = region(c);
        new SageMakerLogs(logs.computeIfAbsent(region, clients::logs), errors(region, 6), c.attributes().get("job"))
                .read(query, sink, () -> state(c), Duration.ofMillis(Math.max(50, config.number("poll_ms", 2000))));
    }

    /** The cluster's training job, by the name provision gave it. */
    @Override
    public List<CloudResource> compute(Cluster c) {
        regions.add(region(c));
        return List.of(new CloudResource(SageMakerProvider.NAME, KIND, region(c) + "/" + c.attributes().get("job"), Map.of()));
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        List<CloudResource> out = new ArrayList<>();
        Set<String> where = new LinkedHashSet<>();
        for (String region : config.settings().property("regions").orElse(DEFAULT_REGIONS).split(",")) {
            where.add(region.strip());
        }
        where.addAll(regions);
        String run = labels.values().getOrDefault(Labels.RUN, "");
        for (String region : where) {
            for (TrainingJobSummary j : jobs(region).find(labels.values(), run.isEmpty() ? null : SageMakerJob.name(run), true)) {
                out.add(new CloudResource(SageMakerProvider.NAME, KIND, region + "/" + j.trainingJobName(), Map.of()));
            }
        }
        return out;
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {
        compute.forEach(r -> jobs(regionOf(r)).stop(jobOf(r)));
    }

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return compute.stream().filter(r -> jobs(regionOf(r)).live(jobOf(r))).toList();
    }

    /** The cluster's SSM secrets, once the job is gone. */
    @Override
    public List<String> auxiliaryKinds() {
        return List.of(SECRET);
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return secrets().find(labels);
    }

    @Override
    public void remove(CloudResource resource) {
        if (resource.kind().equals(SECRET)) {
            secrets().delete(resource.id());
        } else {
            jobs(regionOf(resource)).stop(jobOf(resource));
        }
    }

    @Override
    public TeardownPace teardownPace() {
        return config.teardownPace();
    }

    @Override
    public void close() {
        sagemaker.values().forEach(SageMakerClient::close);
        logs.values().forEach(CloudWatchLogsClient::close);
        ssm.values().forEach(software.amazon.awssdk.services.ssm.SsmClient::close);
        clients.close();
    }

    /** Secrets live in SSM of the home region, next to the bucket, as the job script reads them. */
    private SecretParameters secrets() {
        String region = config.region();
        return new SecretParameters(ssm.computeIfAbsent(region, clients::ssm), errors(region, 6));
    }

    private SageMakerFiles files(Cluster c) {
        return new SageMakerFiles(store, keys(c), "s3://" + c.attributes().get("bucket") + "/skyrun/" + c.attributes().get("run")
                + "/checkpoints");
    }

    private String bucket() {
        return config.bucket().orElseThrow(() -> new CloudException("sagemaker: no bucket for job scripts, outputs and checkpoints;"
                + " set SKYRUN_SAGEMAKER_BUCKET (or SKYRUN_AWS_BUCKET) to an S3 bucket the execution role can read and write"));
    }

    private static StatusKeys keys(Cluster c) {
        return new StatusKeys(c.attributes().get("bucket"), c.attributes().get("prefix"));
    }

    private static String region(Cluster c) {
        return c.attributes().getOrDefault("region", c.placement().region());
    }

    private static String regionOf(CloudResource r) {
        return r.id().substring(0, r.id().indexOf('/'));
    }

    private static String jobOf(CloudResource r) {
        return r.id().substring(r.id().indexOf('/') + 1);
    }

    private SageMakerJobs jobs(String region) {
        return new SageMakerJobs(sagemaker(region), errors(region, 6));
    }

    private SageMakerClient sagemaker(String region) {
        return sagemaker.computeIfAbsent(region, clients::sagemaker);
    }

    private AwsErrors errors(String region, int attempts) {
        return new AwsErrors(region, attempts, Duration.ofMillis(config.number("retry_base_ms", 500)));
    }
}
