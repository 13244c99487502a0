package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.TestVm;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered VM bootstrap executed for real: the user data AwsCloud sent to (fake) EC2 runs in
 * a container that has the Docker socket, curl and busybox; it reads its rank and role
 * credentials from a loopback IMDS, fetches the job script and secrets (SSM fake), copies the
 * input mount from S3Mock, starts the job container on the real engine, and reports heartbeat,
 * log and exit code to S3Mock, where AwsCloud.state reads them. Nothing leaves loopback.
 */
class VmBootstrapIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state", "data").build();

    /**
     * How long a job may take to be seen ending. S3Mock rewrites an object's file in place, so a read of the heartbeat
     * while the node rewrites it can get 200 and a short body and then wait for the rest until the S3 client's socket
     * timeout (60 s, AwsClients); the next look sees the exit code. The wait outlasts two such reads.
     */
    private static final Duration END_WAIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    AwsFake aws;
    FakeHttpServer imds;
    final AtomicBoolean notice = new AtomicBoolean();
    AwsCloud cloud;
    ObjectStore s3;
    String run;

    @BeforeAll
    static void images() throws Exception {
        Docker.vmImages();
    }

    @BeforeEach
    void start() {
        run = "vm-" + UUID.randomUUID().toString().substring(0, 8);
        aws = new AwsFake();
        imds = FakeHttpServer.start();
        imds.route(r -> r.method().equals("PUT") && r.path().equals("/latest/api/token"), r -> new Reply(200, "text/plain",
                "imds-token".getBytes(StandardCharsets.UTF_8), Map.of("X-aws-ec2-metadata-token-ttl-seconds", "300")));
        imds.route(r -> r.path().startsWith("/latest/meta-data/"), r -> {
            if (!"imds-token".equals(r.header("X-aws-ec2-metadata-token"))) {
                return text(401, "");
            }
            return switch (r.path().substring("/latest/meta-data/".length())) {
                case "tags/instance/skyrun-node" -> text(200, "0");
                case "iam/security-credentials/" -> text(200, "skyrun-node-role");
                case "iam/security-credentials/skyrun-node-role" -> text(200, "{\n  \"Code\" : \"Success\",\n"
                        + "  \"AccessKeyId\" : \"ASIAFAKE\",\n  \"SecretAccessKey\" : \"fake/secret+key\",\n  \"Token\" : \"fake-session\",\n"
                        + "  \"Expiration\" : \"2099-01-01T00:00:00Z\"\n}");
                case "spot/instance-action" -> notice.get()
                        ? text(200, "{\"action\": \"terminate\", \"time\": \"2026-11-23T10:02:00Z\"}") : text(404, "");
                default -> text(404, "");
            };
        });
        Map<String, String> props = new HashMap<>(AwsCloudIT.settings(aws, S3.getHttpPort(), tmp).properties());
        props.put("imds_endpoint", imds.uri().toString());
        props.put("heartbeat_s", "1");
        CloudSettings settings = new CloudSettings("aws", Optional.of(aws.uri()), props);
        cloud = (AwsCloud) new AwsProvider().open(settings);
        s3 = new AwsProvider().store("s3", settings).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        Docker.removeLabelled("skyrun-run", run);
        TestVm.unshare(tmp);
        cloud.close();
        aws.close();
        imds.close();
    }

    private static Reply text(int status, String body) {
        return new Reply(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void theBootstrapRunsTheJobCopiesMountsAndReportsHeartbeatLogAndExitCode() throws Exception {
        String canary = "canary-" + UUID.randomUUID() + " $(touch /tmp/pwned) 'quoted' \"dq\"\nsecond line\n";
        s3.put("data/in/a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8));
        s3.put("data/in/sub/b.txt", "beta\n".getBytes(StandardCharsets.UTF_8));
        Cluster c = cloud.provision(placement(), new ClusterRequest(run, run + "-c1", "tok-" + run, Labels.run(run), 0));
        JobSpec job = TestVm.mountedJob(run, "s3",
                "cat /data/a.txt /data/sub/b.txt; echo \"rank=$SKYRUN_NODE_RANK nodes=$SKYPILOT_NUM_NODES ips=$SKYRUN_NODE_IPS greeting=$GREETING\";"
                        + " printf '%s' \"$API_TOKEN\" | md5sum > /out/token.md5; cat /data/a.txt > /out/copy.txt; sleep 3; exit 3",
                "API_TOKEN");
        cloud.submit(c, job, Map.of("API_TOKEN", canary));

        TestVm vm = startVm();
        List<NodeState> seen = new ArrayList<>();
        NodeState state = awaitEnd(c, seen, vm);

        assertThat(seen).contains(new NodeState.Running());
        assertThat(state).isEqualTo(new NodeState.Failed(3, "exit 3 on node 0"));
        String log = read("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/log");
        assertThat(log).contains("setting-up").contains("alpha\nbeta\n")
                .contains("rank=0 nodes=1 ips=10.0.0.10 greeting=hello 'world'").contains("skyrun: job exited 3");
        assertThat(read("data/out/token.md5")).startsWith(md5(canary));
        assertThat(read("data/out/copy.txt")).isEqualTo("alpha\n");
        assertThat(s3.list("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/"))
                .extracting(k -> k.substring(k.lastIndexOf('/') + 1)).contains("heartbeat", "log", "exit_code");

        assertNoLeak(canary, log);
    }

    @Test
    void theBootstrapMountsStoreUrisWithRcloneAndTheRoleAndFlushesCachedWritesBeforeTheExitCode() throws Exception {
        TestVm.putFuseInputs((key, bytes) -> s3.put("data/" + key, bytes));
        Cluster c = cloud.provision(placement(), new ClusterRequest(run, run + "-c1", "tok-" + run, Labels.run(run), 0));
        JobSpec job = TestVm.fuseJob(run, "s3", "data");
        cloud.submit(c, job, Map.of());
        String script = read("skyrun-state/skyrun/" + run + "/" + run + "-c1/job.sh");
        assertThat(script).contains("RCLONE_CONFIG_SKYRUN_ENV_AUTH='true'").doesNotContain("AKIDTEST").doesNotContain("test-secret");

        TestVm vm = TestVm.startWithFuse(run, tmp, userData());
        NodeState state = awaitEnd(c, new ArrayList<>(), vm);

        String log = read("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/log");
        assertThat(state).as(log).isEqualTo(new NodeState.Succeeded());
        // Read at once: the exit code is reported only after the cached mount's uploads.
        assertThat(read("data/ckpt-" + run + "/step")).isEqualTo("7\n");
        assertThat(s3.list("data/ckpt-" + run + "/")).contains("data/ckpt-" + run + "/model.bin");
        TestVm.assertFuseJobRan(log, job, tmp);
        assertThat(imds.requests()).as("rclone took the role's credentials from instance metadata")
                .anySatisfy(r -> assertThat(r.path() + " " + r.header("User-Agent")).contains("security-credentials/skyrun-node-role")
                        .contains("rclone"));
    }

    @Test
    void anOutputLinkIsNeverFollowedOnTheVmAndFailsTheJob() throws Exception {
        Cluster c = cloud.provision(placement(), new ClusterRequest(run, run + "-c1", "tok-" + run, Labels.run(run), 0));
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(),
                "ln -s /etc/passwd /out/leak; mkdir -p /out/d; ln -s /etc /out/d/etc; echo kept > /out/d/real.txt",
                Map.of(), List.of(), List.of(new JobSpec.Mount("/out", "s3://data/links", false)), 1, 0, 0, 0, "/checkpoints");
        cloud.submit(c, job, Map.of());

        NodeState state = awaitEnd(c, new ArrayList<>(), startVm());

        assertThat(state).isEqualTo(new NodeState.Failed(125, "exit 125 on node 0"));
        String log = read("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/log");
        assertThat(log).contains("skyrun: refused: /out holds symbolic links (").contains("./leak ").contains("./d/etc ")
                .contains("never follows a link");
        assertThat(s3.list("data/links/")).containsExactly("data/links/d/real.txt");
    }

    @Test
    void anInterruptionNoticeIsReportedAndTheRunIsPreempted() throws Exception {
        Cluster c = cloud.provision(placement(), new ClusterRequest(run, run + "-c1", "tok-" + run, Labels.run(run), 0));
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(), "echo started; sleep 2; exit 137",
                Map.of(), List.of(), List.of(), 1, 0, 0, 0, "/checkpoints");
        cloud.submit(c, job, Map.of());
        notice.set(true);
        TestVm vm = startVm();
        NodeState state = awaitEnd(c, new ArrayList<>(), vm);
        assertThat(state).isInstanceOfSatisfying(NodeState.Preempted.class, p -> assertThat(p.reason()).contains("interruption notice"));
        assertThat(read("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/preempting")).contains("\"action\": \"terminate\"");
    }

    @Test
    void aTrainiumPlacementBootsTheNeuronImageAndPassesEveryNeuronDeviceIntoTheContainer() throws Exception {
        Placement trn1 = new Placement("aws", AwsFake.REGION, Optional.empty(), "trn1.2xlarge", true, Optional.empty(), 8, 32,
                0.27, 1, "test");
        Cluster c = cloud.provision(trn1, new ClusterRequest(run, run + "-c1", "tok-" + run, Labels.run(run), 0));
        assertThat(aws.actions("DescribeImages").get(0).filters().get("name")).singleElement().asString()
                .startsWith("Deep Learning Base Neuron AMI");
        assertThat(aws.actions("RunInstances").get(0).get("InstanceType")).isEqualTo("trn1.2xlarge");
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(), "neuron-ls", Map.of(), List.of(),
                List.of(), 1, 1, 0, 0, "/checkpoints");
        cloud.submit(c, job, Map.of());
        String script = read("skyrun-state/skyrun/" + run + "/" + run + "-c1/job.sh");
        assertThat(script).containsPattern("docker run [^\\n]*\\$\\(gpu_flags\\)");

        // The rendered device probe, run on a "trn1" whose /dev has two Neuron devices, and on one with none.
        String probe = script.substring(script.indexOf("gpu_flags() {"));
        probe = probe.substring(0, probe.indexOf("\n}\n") + 3) + "gpu_flags\n";
        Docker.Result onTrn1 = Docker.docker("run", "--rm", "--label", "skyrun-run=" + run, "--device", "/dev/null:/dev/neuron0",
                "--device", "/dev/null:/dev/neuron1", Docker.VM_IMAGE, "sh", "-c", probe);
        assertThat(onTrn1.code()).as(onTrn1.output()).isZero();
        assertThat(onTrn1.output().lines()).containsExactly("--device=/dev/neuron0", "--device=/dev/neuron1");
        Docker.Result onCpu = Docker.docker("run", "--rm", "--label", "skyrun-run=" + run, Docker.VM_IMAGE, "sh", "-c", probe);
        assertThat(onCpu.output()).isBlank();
    }

    private TestVm startVm() {
        return TestVm.start(run, tmp, userData());
    }

    private String userData() {
        return new String(Base64.getDecoder().decode(aws.actions("RunInstances").get(0).get("UserData")), StandardCharsets.UTF_8);
    }

    private NodeState awaitEnd(Cluster c, List<NodeState> seen, TestVm vm) throws Exception {
        return vm.awaitEnd(cloud, c, seen, END_WAIT, () -> {
            try {
                return read("skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/log");
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    private void assertNoLeak(String canary, String log) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        String line = canary.substring(0, canary.indexOf(' '));
        for (var r : aws.requests()) {
            boolean ssmPut = "AmazonSSM.PutParameter".equals(r.header("X-Amz-Target"));
            assertThat(r.body()).doesNotContain(line);
            if (!ssmPut) {
                assertThat(r.body()).doesNotContain(b64);
            }
        }
        String userData = new String(Base64.getDecoder().decode(aws.actions("RunInstances").get(0).get("UserData")), StandardCharsets.UTF_8);
        assertThat(userData).doesNotContain(line);
        assertThat(read("skyrun-state/skyrun/" + run + "/" + run + "-c1/job.sh")).doesNotContain(line).doesNotContain(b64);
        assertThat(log).doesNotContain(line);
        assertThat(aws.ec2().instances.values()).allSatisfy(i -> assertThat(i.tags.toString()).doesNotContain(line));
        assertThat(aws.parameters()).containsValue(b64);
    }

    private String read(String key) throws IOException {
        try (InputStream in = s3.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static Placement placement() {
        return new Placement("aws", AwsFake.REGION, Optional.empty(), "m5.large", false, Optional.empty(), 2, 8, 0.096, 1, "test");
    }
}
