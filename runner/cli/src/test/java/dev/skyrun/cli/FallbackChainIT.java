package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.gcp.GoogleFake;
import dev.skyrun.lambda.fake.LambdaPlayer;
import dev.skyrun.lambda.fake.LambdaTestbed;
import dev.skyrun.testkit.JobScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mission's fallback order end to end, through {@code skyrun launch} and {@code skyrun status}
 * in child processes: {@code ordered: [aws spot, gcp spot, lambda on-demand]}. AWS (its loopback
 * fake) answers InsufficientInstanceCapacity for spot in every zone, GCP (its fake) starts the spot
 * VM and then preempts it, and Lambda (its API fake, the instance reached over real SSH) runs the
 * job from the checkpoint to success. {@code status RUN} shows each attempt, what ended it and what
 * it cost.
 */
class FallbackChainIT {

    @TempDir
    Path tmp;

    AwsFake aws;
    GoogleFake google;
    LambdaTestbed lambda;
    final List<Thread> vms = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = new AwsFake();
        google = new GoogleFake();
        lambda = new LambdaTestbed(tmp.resolve("lambda"));
    }

    @AfterEach
    void stop() {
        vms.forEach(Thread::interrupt);
        lambda.close();
        google.close();
        aws.close();
    }

    @Test
    void awsSpotThenGcpSpotThenLambdaOnDemandRunsTheJobFromItsCheckpoint() throws Exception {
        aws.fail("RunInstances", "InsufficientInstanceCapacity", 500, 10);
        Path home = tmp.resolve("skyrun-home");
        vms.add(google.play((g, prefix) -> {
            g.put(prefix + "node-0/log", "skyrun: starting\nstep 1\nstep 2\nstep 3\n");
            // The checkpoint as the VM's bootstrap syncs it, into the directory its job script copies in and
            // out (the run's checkpoint, relayed through the status bucket); the runner takes it back from there.
            String checkpoint = JobScripts.checkpointKey(g.get(prefix + "job.sh"));
            g.put(checkpoint.substring(checkpoint.indexOf('/') + 1) + "/step", "3");
            Thread.sleep(500);
            g.preemptCluster(prefix);
        }));
        vms.add(LambdaPlayer.start(lambda, (i, cluster, nth) -> {
            String step = Files.readString(cluster.resolve("mounts/0/step")).strip();
            LambdaPlayer.put(cluster.resolve("mounts/0/step"), "4");
            LambdaPlayer.succeeding("resumed from step " + step + "\nstep 4\ntrained\n").run(i, cluster, nth);
        }));
        Path spec = Files.writeString(tmp.resolve("task.yaml"), String.join("\n",
                "name: " + TaskFiles.uniqueName("chain"),
                "resources:",
                "  accelerators: A100:8",
                "  ordered:",
                "    - {infra: aws/us-east-1, use_spot: true}",
                "    - {infra: gcp/us-central1, use_spot: true}",
                "    - {infra: lambda, use_spot: false}",
                "image: ghcr.io/acme/trainer@sha256:" + "c".repeat(64),
                "run: python train.py --resume \"$SKYRUN_CHECKPOINT_DIR\"", ""));

        CliProcess.Result r = CliProcess.run(tmp, env(), "launch", spec.toString(), "--catalog", catalog().toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("resumed from step 3").contains("trained");
        String run = CliProcess.onlyRunId(tmp, env());
        assertThat(Files.readString(home.resolve("runs").resolve(run).resolve("checkpoints/step")))
                .as("the checkpoint came back from the Lambda instance").isEqualTo("4");

        CliProcess.Result text = CliProcess.run(tmp, env(), "status", run);
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("aws/us-east-1").contains("gcp/us-central1").contains("lambda/us-east-1")
                .contains("COST");
        JsonNode status = new ObjectMapper().readTree(CliProcess.run(tmp, env(), "status", run, "-o", "json").out());
        List<JsonNode> attempts = new ArrayList<>();
        status.path("attempts").forEach(attempts::add);
        assertThat(attempts).extracting(a -> a.path("placement").asText().split("/")[0])
                .as("AWS spot in each zone, then GCP spot, then Lambda").startsWith("aws").endsWith("gcp", "lambda");
        for (JsonNode a : attempts.subList(0, attempts.size() - 2)) {
            assertThat(a.path("status").asText()).isEqualTo("INFRA_FAILED");
            assertThat(a.path("reason").asText()).containsAnyOf("InsufficientInstanceCapacity", "no capacity");
            assertThat(a.path("cost").path("usd").asDouble()).as("a refused launch bills nothing").isZero();
        }
        assertThat(attempts.get(0).path("reason").asText()).contains("InsufficientInstanceCapacity");
        JsonNode gcp = attempts.get(attempts.size() - 2);
        assertThat(gcp.path("status").asText()).isEqualTo("PREEMPTED");
        assertThat(gcp.path("reason").asText()).contains("preempted");
        assertThat(gcp.path("cost").path("usd").asDouble()).as("the preempted VM billed until it was gone").isPositive();
        assertThat(gcp.path("cost").path("price_per_hour").asDouble()).isEqualTo(9.98976, org.assertj.core.data.Offset.offset(0.01));
        JsonNode last = attempts.get(attempts.size() - 1);
        assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("cost").path("usd").asDouble()).isPositive();
        assertThat(last.path("cost").path("price_per_hour").asDouble()).as("Lambda's on-demand price").isEqualTo(10.32);
        assertThat(lambda.api().instances().values()).as("the run's Lambda instance is terminated")
                .allMatch(i -> i.status.equals("terminated"));
        assertThat(google.vms()).isEmpty();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(AwsCli.env(aws, 1, 10));
        env.putAll(google.env());
        env.putAll(lambda.env());
        return env;
    }

    private Path catalog() throws Exception {
        Path dir = AwsCli.catalog(tmp, "p4d.24xlarge,A100,8,96,1152,21.96,9.88,us-east-1\n");
        Files.createDirectories(dir.resolve("gcp"));
        Files.writeString(dir.resolve("gcp/vms.csv"), "InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,Region,"
                + "AvailabilityZone,Price,SpotPrice\na2-highgpu-8g,96,680,,,us-central1,us-central1-a,5.91582,1.77475\n"
                + ",,,A100,8,us-central1,us-central1-a,23.47126,8.21494\n");
        Files.createDirectories(dir.resolve("lambda"));
        Files.writeString(dir.resolve("lambda/vms.csv"), "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,"
                + "SpotPrice,Region\ngpu_8x_a100,A100,8,124,1800,10.32,,us-east-1\ngpu_8x_a100,A100,8,124,1800,10.32,,us-west-1\n");
        return dir;
    }
}
