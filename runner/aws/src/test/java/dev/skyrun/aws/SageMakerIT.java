package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.storage.ObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code sagemaker} cloud through the real SageMaker, CloudWatch Logs, SSM, STS, Pricing and S3
 * clients against the loopback AWS fake and S3Mock: requests, states, logs, errors, teardown,
 * {@code check} and {@code catalog refresh}.
 */
class SageMakerIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:2.3";
    static final String ROLE = "arn:aws:iam::123456789012:role/skyrun-sagemaker";

    AwsFake fake;
    SageMakerCloud cloud;
    String run;

    @BeforeEach
    void start() {
        fake = new AwsFake();
        cloud = (SageMakerCloud) new SageMakerProvider().open(settings(fake, S3.getHttpPort(), Map.of()));
        run = "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        cloud.close();
        fake.close();
    }

    static CloudSettings settings(AwsFake fake, int s3Port, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("s3_endpoint", "http://127.0.0.1:" + s3Port, "region", AwsFake.REGION,
                "bucket", "skyrun-state", "access_key_id", "AKIDTEST", "secret_access_key", "test-secret", "poll_ms", "20",
                "retry_base_ms", "1", "terminate_timeout_s", "3", "role_arn", ROLE, "regions", AwsFake.REGION));
        props.putAll(extra);
        return new CloudSettings("sagemaker", Optional.of(fake.uri()), props);
    }

    static Placement trainium(boolean spot, int nodes) {
        return new Placement("sagemaker", AwsFake.REGION, Optional.empty(), "ml.trn1.32xlarge", spot,
                Optional.of(new AcceleratorChoice("Trainium", 16)), 128, 512, 24.725, nodes, "test");
    }

    static JobSpec job(String run, String image) {
        return new JobSpec(run, "task-1", 1, image, Optional.of("echo setting up"), "echo hello from $SKYRUN_NODE_RANK",
                Map.of("EPOCHS", "3"), List.of("HF_TOKEN"), List.of(), 2, 16, 128, 512, "/checkpoints");
    }

    Cluster provision(Placement p, String cluster) {
        return cloud.provision(p, new ClusterRequest(run, cluster, "tok-" + cluster, Labels.run(run).with(Labels.HOME, "h1"), 200));
    }

    @Test
    void aTrainiumSpotJobIsCreatedWithTheDocumentedFieldsAndNoSecret() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        Cluster c = provision(trainium(true, 2), run + "-1");
        assertThat(fake.requests()).as("provision creates nothing").isEmpty();
        assertThat(c.nodeIds()).containsExactly("algo-1", "algo-2");

        cloud.submit(c, job(run, IMAGE), Secrets.of(Map.of("HF_TOKEN", canary)));

        JsonNode req = fake.sagemaker().created(run + "-1");
        assertThat(req.path("RoleArn").asText()).isEqualTo(ROLE);
        assertThat(req.path("AlgorithmSpecification").path("TrainingImage").asText()).isEqualTo(IMAGE);
        assertThat(req.path("AlgorithmSpecification").path("TrainingInputMode").asText()).isEqualTo("File");
        assertThat(req.path("AlgorithmSpecification").path("ContainerEntrypoint").toString())
                .isEqualTo("[\"sh\",\"/opt/ml/input/data/skyrun/job.sh\"]");
        assertThat(req.path("ResourceConfig").path("InstanceType").asText()).isEqualTo("ml.trn1.32xlarge");
        assertThat(req.path("ResourceConfig").path("InstanceCount").asInt()).isEqualTo(2);
        assertThat(req.path("ResourceConfig").path("VolumeSizeInGB").asInt()).isEqualTo(200);
        assertThat(req.path("EnableManagedSpotTraining").asBoolean()).isTrue();
        assertThat(req.path("StoppingCondition").path("MaxRuntimeInSeconds").asInt()).isEqualTo(86400);
        assertThat(req.path("StoppingCondition").path("MaxWaitTimeInSeconds").asInt()).isEqualTo(172800);
        assertThat(req.path("CheckpointConfig").path("S3Uri").asText()).isEqualTo("s3://skyrun-state/skyrun/" + run + "/checkpoints");
        assertThat(req.path("CheckpointConfig").path("LocalPath").asText()).isEqualTo("/opt/ml/checkpoints");
        assertThat(req.path("InputDataConfig").get(0).path("ChannelName").asText()).isEqualTo("skyrun");
        assertThat(req.path("InputDataConfig").get(0).path("DataSource").path("S3DataSource").path("S3Uri").asText())
                .isEqualTo("s3://skyrun-state/skyrun/" + run + "/" + run + "-1/job/");
        assertThat(req.path("OutputDataConfig").path("S3OutputPath").asText()).isEqualTo("s3://skyrun-state/skyrun/" + run + "/" + run + "-1/output");
        assertThat(req.path("Environment").path("SKYRUN_RUN_ID").asText()).isEqualTo(run);
        assertThat(req.has("HyperParameters")).isFalse();
        assertThat(req.path("Tags").toString()).contains("{\"Key\":\"skyrun-run\",\"Value\":\"" + run + "\"}",
                "{\"Key\":\"skyrun-cluster\",\"Value\":\"" + run + "-1\"}");

        // the secret went to SSM only; no SageMaker request, no object in S3 holds it
        String encoded = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        assertThat(fake.parameters()).containsEntry("/skyrun/" + run + "/" + run + "-1/HF_TOKEN", encoded);
        assertThat(fake.requests()).filteredOn(r -> !"AmazonSSM.PutParameter".equals(r.header("X-Amz-Target")))
                .allSatisfy(r -> assertThat(r.body()).doesNotContain(canary).doesNotContain(encoded));
        String script = read(s3(), "skyrun-state/skyrun/" + run + "/" + run + "-1/job/job.sh");
        assertThat(script).contains("secret_get 'HF_TOKEN'", "export EPOCHS='3'", "echo hello from $SKYRUN_NODE_RANK")
                .doesNotContain(canary).doesNotContain(encoded);

        cloud.submit(c, job(run, IMAGE), Secrets.of(Map.of("HF_TOKEN", canary)));
        assertThat(fake.sagemaker().names()).as("a resubmit adopts the job").containsExactly(run + "-1");
    }

    @Test
    void anImageOutsideEcrIsRefusedSayingWhatToDo() {
        Cluster c = provision(trainium(false, 1), run + "-1");
        assertThatThrownBy(() -> cloud.submit(c, job(run, "ghcr.io/acme/trainer:2.3"), Secrets.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("from Amazon ECR only")
                .hasMessageContaining("ghcr.io/acme/trainer:2.3").hasMessageContaining("skyrun does not push");
        assertThat(fake.sagemaker().names()).isEmpty();
    }

    @Test
    void statusAndSecondaryStatusAreMapped() throws Exception {
        Cluster c = provision(trainium(true, 1), run + "-1");
        cloud.submit(c, job(run, IMAGE), Secrets.none());
        String name = run + "-1";
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Pending("training job " + name + " is Starting"));
        fake.sagemaker().set(name, "InProgress", "Training", null);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Running());
        fake.sagemaker().set(name, "InProgress", "Interrupted", null);
        assertThat(cloud.state(c)).as("SageMaker's own spot restart").isInstanceOfSatisfying(NodeState.Pending.class,
                p -> assertThat(p.detail()).contains("restarts it from the checkpoints"));
        fake.sagemaker().set(name, "Stopped", "MaxWaitTimeExceeded", null);
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Preempted.class);
        fake.sagemaker().set(name, "Failed", "Interrupted", "Spot capacity was reclaimed");
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Preempted.class);
        fake.sagemaker().set(name, "Failed", "Failed", "AlgorithmError: skyrun: exit 3");
        assertThat(cloud.state(c)).isInstanceOfSatisfying(NodeState.Failed.class, f -> assertThat(f.exitCode()).isEqualTo(3));
        fake.sagemaker().set(name, "Failed", "Failed", "AlgorithmError: ExecuteUserScriptError: ExitCode 2, exit code: 2");
        assertThat(cloud.state(c)).isInstanceOfSatisfying(NodeState.Failed.class, f -> assertThat(f.exitCode()).isEqualTo(2));
        fake.sagemaker().set(name, "Failed", "Failed", "CapacityError: Unable to provision requested ML compute capacity."
                + " Please retry using a different ML instance type.");
        assertThat(cloud.state(c)).isInstanceOfSatisfying(NodeState.Lost.class, l -> assertThat(l.reason()).contains("no capacity"));
        fake.sagemaker().set(name, "Stopped", "MaxRuntimeExceeded", null);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Failed(124, "training job " + name + " ran past its MaxRuntimeInSeconds"));
        fake.sagemaker().set(name, "Completed", "Completed", null);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Succeeded());

        Cluster onDemand = provision(trainium(false, 1), run + "-2");
        cloud.submit(onDemand, job(run, IMAGE), Secrets.none());
        fake.sagemaker().set(run + "-2", "Failed", "Interrupted", "interrupted");
        assertThat(cloud.state(onDemand)).as("no spot, no preemption").isInstanceOf(NodeState.Failed.class);
        assertThat(fake.sagemaker().created(run + "-2").has("EnableManagedSpotTraining")).isFalse();
        assertThat(fake.sagemaker().created(run + "-2").path("StoppingCondition").has("MaxWaitTimeInSeconds")).isFalse();
    }

    @Test
    void logsComeFromCloudWatchPerNode() throws Exception {
        Cluster c = provision(trainium(false, 2), run + "-1");
        cloud.submit(c, job(run, IMAGE), Secrets.none());
        fake.sagemaker().log(run + "-1", 1, "skyrun: setup", "setting up", "skyrun: run", "hello from 0", "skyrun: exit 0");
        fake.sagemaker().log(run + "-1", 2, "hello from 1");
        fake.sagemaker().log(run + "-11", 1, "another job's line");
        fake.sagemaker().set(run + "-1", "Completed", "Completed", null);

        List<LogLine> lines = new ArrayList<>();
        cloud.logs(c, new LogQuery(OptionalInt.empty(), true), lines::add);
        assertThat(lines).containsExactly(new LogLine(0, true, "skyrun: setup"), new LogLine(0, false, "setting up"),
                new LogLine(0, true, "skyrun: run"), new LogLine(0, false, "hello from 0"), new LogLine(0, true, "skyrun: exit 0"),
                new LogLine(1, false, "hello from 1"));
        List<LogLine> second = new ArrayList<>();
        cloud.logs(c, new LogQuery(OptionalInt.of(1), false), second::add);
        assertThat(second).extracting(LogLine::text).containsExactly("hello from 1");
        assertThat(fake.requests()).filteredOn(r -> "Logs_20140328.DescribeLogStreams".equals(r.header("X-Amz-Target")))
                .allSatisfy(r -> assertThat(r.body()).contains("\"logGroupName\":\"/aws/sagemaker/TrainingJobs\"",
                        "\"logStreamNamePrefix\":\"" + run + "-1/\""));
    }

    @Test
    void followingGoesOnThroughCloudWatchErrorsAndLosesNoLine() throws Exception {
        Cluster c = provision(trainium(false, 1), run + "-1");
        cloud.submit(c, job(run, IMAGE), Secrets.none());
        fake.sagemaker().log(run + "-1", 1, "first", "second");
        fake.sagemaker().set(run + "-1", "Completed", "Completed", null);
        fake.fail("GetLogEvents", "ServiceUnavailableException", 503, 20); // more than one call's retries

        List<LogLine> lines = new ArrayList<>();
        cloud.logs(c, new LogQuery(OptionalInt.empty(), true), lines::add);

        assertThat(lines).extracting(LogLine::text).containsExactly("first", "second");
        assertThat(fake.requests()).filteredOn(r -> "Logs_20140328.GetLogEvents".equals(r.header("X-Amz-Target")))
                .as("every failure was met, then the log read").hasSizeGreaterThan(20);
    }

    @Test
    void aQuotaErrorAtCreateBlocksTheRegion() {
        fake.fail("CreateTrainingJob", "ResourceLimitExceeded", 400, 1);
        Cluster c = provision(trainium(true, 2), run + "-1");
        assertThatThrownBy(() -> cloud.submit(c, job(run, IMAGE), Secrets.none()))
                .isInstanceOfSatisfying(CapacityException.class, e -> assertThat(e.scope()).isEqualTo(CapacityException.Scope.REGION))
                .hasMessageContaining("sagemaker:CreateTrainingJob " + run + "-1")
                .hasMessageContaining("ResourceLimitExceeded").hasMessageContaining("ml.trn1.32xlarge");
    }

    @Test
    void downStopsTheJobVerifiesItAndDeletesItsSecrets() throws Exception {
        Cluster c = provision(trainium(true, 2), run + "-1");
        cloud.submit(c, job(run, IMAGE), Secrets.of(Map.of("HF_TOKEN", "s3cr3t")));
        fake.sagemaker().set(run + "-1", "InProgress", "Training", null);
        assertThat(cloud.findLabelled(Labels.run(run))).extracting(r -> r.id()).containsExactly(AwsFake.REGION + "/" + run + "-1");

        cloud.terminate(c);

        assertThat(fake.requests()).filteredOn(r -> "SageMaker.StopTrainingJob".equals(r.header("X-Amz-Target"))).hasSize(1);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Failed(130, "training job " + run + "-1 was stopped"));
        assertThat(fake.parameters()).isEmpty();
        assertThat(cloud.findLabelled(Labels.run(run))).isEmpty();
        cloud.terminate(c); // idempotent
        assertThat(fake.requests()).filteredOn(r -> "SageMaker.StopTrainingJob".equals(r.header("X-Amz-Target"))).hasSize(1);
    }

    @Test
    void checkNamesTheRoleTheBucketAndTheEcrImage() {
        try (AwsFake fake = new AwsFake(); SageMakerCloud ok = open(fake, Map.of("image", IMAGE));
                SageMakerCloud bad = open(fake, Map.of("role_arn", "skyrun-role", "bucket", "missing", "image", "ghcr.io/acme/t:1"))) {
            CredentialCheck good = ok.check();
            assertThat(good.ok()).as(good.details().toString()).isTrue();
            assertThat(good.identity()).isEqualTo("arn:aws:iam::123456789012:user/skyrun-test");
            assertThat(good.details()).contains("sagemaker:ListTrainingJobs: ok", "execution role: ok (" + ROLE + ")",
                    "bucket skyrun-state: ok", "ECR: ok (" + IMAGE + ")");

            CredentialCheck wrong = bad.check();
            assertThat(wrong.ok()).isFalse();
            assertThat(wrong.details()).anySatisfy(d -> assertThat(d).startsWith("execution role: 'skyrun-role' is not an IAM role ARN"))
                    .anySatisfy(d -> assertThat(d).startsWith("bucket missing: ").contains("Fix: create it"))
                    .anySatisfy(d -> assertThat(d).startsWith("ECR: 'ghcr.io/acme/t:1' is not an ECR image URI").contains("push it"));
        }
    }

    @Test
    void catalogRefreshReadsSageMakerTrainingPricesFromThePriceList() {
        try (AwsFake fake = new AwsFake(); SageMakerCloud cloud = open(fake, Map.of())) {
            fake.priceList().addSageMaker("us-east-1", "ml.trn1.32xlarge", 128, "512 GiB", "24.7250000000");
            fake.priceList().addSageMaker("us-east-1", "ml.m5.xlarge", 4, "16 GiB", "0.2300000000");
            fake.priceList().addSageMaker("us-east-1", "ml.g5.xlarge", 4, "16 GiB", "1.4080000000");
            fake.priceList().add("us-east-1", "g5.xlarge", 4, "16 GiB", "1.006");

            List<Offering> offerings = cloud.priceList(List.of("us-east-1"));

            assertThat(offerings).extracting(Offering::instanceType).containsExactly("ml.g5.xlarge", "ml.m5.xlarge", "ml.trn1.32xlarge");
            Offering trn = offerings.get(2);
            assertThat(trn.cloud()).isEqualTo("sagemaker");
            assertThat(trn.acceleratorName()).contains("Trainium");
            assertThat(trn.acceleratorCount()).isEqualTo(16);
            assertThat(trn.vcpus()).isEqualTo(128);
            assertThat(trn.memoryGib()).isEqualTo(512);
            assertThat(trn.onDemandPrice()).isEqualTo(24.725);
            assertThat(trn.spotPrice()).as("EC2 trn1.32xlarge's spot ratio in the bundled catalog: 6.45 / 21.5")
                    .isEqualTo(OptionalDouble.of(7.4175));
            assertThat(offerings.get(1).acceleratorName()).isEmpty();
            assertThat(fake.priceListRequests()).allSatisfy(b -> assertThat(b.path("ServiceCode").asText()).isEqualTo("AmazonSageMaker"))
                    .allSatisfy(b -> assertThat(b.path("Filters").toString()).contains("\"Field\":\"component\",\"Value\":\"Training\""));
        }
    }

    private static SageMakerCloud open(AwsFake fake, Map<String, String> extra) {
        return (SageMakerCloud) new SageMakerProvider().open(settings(fake, S3.getHttpPort(), extra));
    }

    static ObjectStore s3() {
        return s3(S3.getHttpPort());
    }

    /** The S3 store of S3Mock on {@code port}. */
    static ObjectStore s3(int port) {
        return new AwsProvider().store("s3", new CloudSettings("aws", Optional.empty(), Map.of("s3_endpoint",
                "http://127.0.0.1:" + port, "access_key_id", "a", "secret_access_key", "b"))).orElseThrow();
    }

    static String read(ObjectStore store, String key) throws Exception {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
