package dev.skyrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.lambda.fake.LambdaFake;
import dev.skyrun.lambda.fake.LambdaPlayer;
import dev.skyrun.lambda.fake.LambdaTestbed;
import dev.skyrun.spec.AcceleratorChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lambda} cloud against Lambda Cloud's API on loopback (the fake answers the documented
 * shapes) and instances reached over real SSH (an in-process Apache MINA server that lets in only
 * the key registered through the API): launch to RUNNING to SUCCEEDED, a region without capacity
 * refused before any launch call, a vanished instance, API errors mapped to the failover model,
 * the checkpoint relayed to the instance and back, and a verified teardown.
 */
class LambdaCloudIT {

    static final String SECRET = "hf_lambda_5ecr3t-never-in-user-data";

    @TempDir
    Path tmp;

    LambdaTestbed lambda;
    Cloud cloud;
    Thread player;
    String run;

    @BeforeEach
    void start() {
        lambda = new LambdaTestbed(tmp);
        cloud = new LambdaProvider().open(lambda.settings());
        run = "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        if (player != null) {
            player.interrupt();
        }
        cloud.close();
        lambda.close();
    }

    @Test
    void aJobLaunchesRunsAndSucceedsAndItsClusterIsTakenDown() throws Exception {
        player = LambdaPlayer.start(lambda, (i, cluster, nth) -> {
            LambdaPlayer.put(cluster.resolve("node-0/log"), "epoch 1 done\n");
            Thread.sleep(600);
            LambdaPlayer.succeeding("epoch 1 done\ntrained on lambda\n").run(i, cluster, nth);
        });
        Cluster cluster = cloud.provision(a100("us-east-1"), request("c1"));
        cloud.submit(cluster, job(List.of()), Secrets.of(Map.of("HF_TOKEN", SECRET)));

        assertThat(await(cluster, NodeState.Running.class)).isInstanceOf(NodeState.Running.class);
        assertThat(await(cluster, NodeState.Succeeded.class)).isInstanceOf(NodeState.Succeeded.class);
        List<String> lines = new ArrayList<>();
        cloud.logs(cluster, LogQuery.all(), l -> lines.add(l.text()));
        assertThat(lines).contains("trained on lambda");

        LambdaFake.Inst inst = lambda.api().instances().get(cluster.nodeIds().get(0));
        assertThat(inst.region).isEqualTo("us-east-1");
        assertThat(inst.type).isEqualTo("gpu_1x_a100");
        assertThat(inst.tags).containsEntry(Labels.RUN, run).containsEntry(Labels.CLUSTER, "c1");
        assertThat(inst.sshKeyNames).containsExactly("skyrun-" + run + "-c1");
        assertThat(inst.userData).startsWith("#!/bin/sh").contains("job.sh").doesNotContain(SECRET);
        assertThat(Files.readString(lambda.secretRoot().resolve("c1/HF_TOKEN"))).isEqualTo(SECRET);
        assertThat(lambda.ssh().commands()).isNotEmpty().noneMatch(c -> c.contains(SECRET));
        assertThat(lambda.api().requests()).noneMatch(r -> r.body().contains(SECRET));
        String script = Files.readString(lambda.vmRoot().resolve("skyrun/skyrun/" + run + "/c1/job.sh"));
        assertThat(script).contains("secret_get 'HF_TOKEN'").doesNotContain(SECRET);

        cloud.terminate(cluster);
        assertThat(lambda.api().instances().values()).allMatch(i -> i.status.equals("terminated"));
        assertThat(lambda.api().sshKeys()).isEmpty();
        assertThat(lambda.keyDir().resolve("skyrun-" + run + "-c1.key")).doesNotExist();
    }

    @Test
    void aRegionWithoutCapacityNowIsRefusedBeforeAnyLaunchCall() throws Exception {
        lambda.api().capacity("gpu_1x_a100", Set.of("us-west-1"));

        assertThatThrownBy(() -> cloud.provision(a100("us-east-1"), request("c1"))).isInstanceOf(CapacityException.class)
                .hasMessageContaining("no capacity for gpu_1x_a100").hasMessageContaining("us-west-1")
                .satisfies(e -> assertThat(((CapacityException) e).scope()).isEqualTo(CapacityException.Scope.REGION));
        assertThat(lambda.api().requests("POST", "instance-operations/launch")).isEmpty();

        Cluster cluster = cloud.provision(a100("us-west-1"), request("c2"));
        assertThat(lambda.api().requests("POST", "instance-operations/launch")).hasSize(1);
        assertThat(lambda.api().instances().get(cluster.nodeIds().get(0)).region).isEqualTo("us-west-1");
    }

    @Test
    void apiErrorsMapToTheFailoverModel() throws Exception {
        lambda.api().fail("instance-operations/launch", 400, "instance-operations/launch/insufficient-capacity",
                "Not enough capacity to fulfill launch request.", 1);
        assertThatThrownBy(() -> cloud.provision(a100("us-east-1"), request("c1")))
                .isInstanceOf(CapacityException.class).hasMessageContaining("insufficient-capacity")
                .satisfies(e -> assertThat(((CapacityException) e).scope()).isEqualTo(CapacityException.Scope.REGION));

        lambda.api().fail("instance-operations/launch", 400, "global/quota-exceeded", "Quota exceeded", 1);
        assertThatThrownBy(() -> cloud.provision(a100("us-east-1"), request("c2")))
                .isInstanceOf(CapacityException.class).hasMessageContaining("quota")
                .satisfies(e -> assertThat(((CapacityException) e).scope()).isEqualTo(CapacityException.Scope.CLOUD));

        lambda.api().fail("instance-operations/launch", 429, "global/too-many-requests", "Too many requests", 2);
        Cluster cluster = cloud.provision(a100("us-east-1"), request("c3"));
        assertThat(cluster.nodeIds()).hasSize(1);
        assertThat(lambda.api().requests("POST", "instance-operations/launch")).as("two rate-limited tries, then the launch")
                .hasSize(5);
    }

    @Test
    void aBadApiKeyIsACredentialErrorThatNamesTheFix() {
        Map<String, String> props = new HashMap<>(lambda.properties());
        props.put("api_key", "secret_wrong");
        try (Cloud wrong = new LambdaProvider().open(new CloudSettings("lambda", Optional.of(lambda.api().uri()), props))) {
            assertThatThrownBy(() -> wrong.provision(a100("us-east-1"), request("c1"))).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("global/invalid-api-key").hasMessageContaining("LAMBDA_API_KEY")
                    .hasMessageNotContaining("secret_wrong");
            assertThat(wrong.check().ok()).isFalse();
        }
        assertThat(cloud.check().ok()).isTrue();
    }

    @Test
    void anInstanceThatVanishesIsLost() throws Exception {
        player = LambdaPlayer.start(lambda, (i, cluster, nth) -> { });
        Cluster cluster = cloud.provision(a100("us-east-1"), request("c1"));
        cloud.submit(cluster, job(List.of()), Secrets.none());
        assertThat(await(cluster, NodeState.Running.class)).isInstanceOf(NodeState.Running.class);

        lambda.api().instances().remove(cluster.nodeIds().get(0));

        NodeState s = await(cluster, NodeState.Lost.class);
        assertThat(s).isInstanceOf(NodeState.Lost.class);
        assertThat(((NodeState.Lost) s).reason()).contains("no longer exists");
    }

    @Test
    void theCheckpointGoesToTheInstanceAndComesBackWhenTheJobEnds() throws Exception {
        Path checkpoints = Files.createDirectories(tmp.resolve("runner/checkpoints"));
        Files.writeString(checkpoints.resolve("step"), "5");
        player = LambdaPlayer.start(lambda, (i, cluster, nth) -> {
            Path mounted = cluster.resolve("mounts/0");
            String step = Files.readString(mounted.resolve("step"));
            LambdaPlayer.put(mounted.resolve("step"), Integer.toString(Integer.parseInt(step) + 1));
            LambdaPlayer.succeeding("resumed from step " + step + "\n").run(i, cluster, nth);
        });
        Cluster cluster = cloud.provision(a100("us-east-1"), request("c1"));
        cloud.submit(cluster, job(List.of(new JobSpec.Mount("/checkpoints", checkpoints.toString(), false))), Secrets.none());

        assertThat(await(cluster, NodeState.Succeeded.class)).isInstanceOf(NodeState.Succeeded.class);
        assertThat(Files.readString(checkpoints.resolve("step"))).isEqualTo("6");
        String script = Files.readString(lambda.vmRoot().resolve("skyrun/skyrun/" + run + "/c1/job.sh"));
        assertThat(script).contains("copy_in 'skyrun' 'skyrun/" + run + "/c1/mounts/0'").contains(":/checkpoints\"");
    }

    private NodeState await(Cluster cluster, Class<? extends NodeState> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        NodeState s = cloud.state(cluster);
        while (!wanted.isInstance(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = cloud.state(cluster);
        }
        return s;
    }

    private ClusterRequest request(String cluster) {
        return new ClusterRequest(run, cluster, "intent-" + run + "-" + cluster, Labels.run(run), 0);
    }

    static Placement a100(String region) {
        return new Placement("lambda", region, Optional.empty(), "gpu_1x_a100", false, Optional.of(new AcceleratorChoice("A100", 1)),
                30, 200, 1.29, 1, "test");
    }

    private JobSpec job(List<JobSpec.Mount> mounts) {
        return new JobSpec(run, "task-1", 1, "ghcr.io/acme/trainer:1", Optional.empty(), "python train.py", Map.of("EPOCHS", "3"),
                List.of("HF_TOKEN"), mounts, 1, 1, 0, 0, "/checkpoints");
    }
}
