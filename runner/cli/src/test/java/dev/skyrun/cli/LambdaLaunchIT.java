package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.lambda.fake.LambdaPlayer;
import dev.skyrun.lambda.fake.LambdaTestbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun launch}, {@code status} and {@code down} on Lambda Cloud in child processes: the
 * API is the loopback fake, the instances are reached over real SSH (the in-process server that
 * lets in only the key registered through the API), and the test plays the VMs. The cheapest region
 * has no capacity now: the launch goes to the next without a launch call there; an instance that
 * vanishes is recovered from on the next placement; a bad key ends the launch with exit 3 and the
 * fix; {@code down} terminates a kept cluster and verifies it.
 */
class LambdaLaunchIT {

    @TempDir
    Path tmp;

    LambdaTestbed lambda;
    Thread vms;
    Path task;
    Path catalog;

    @BeforeEach
    void start() throws Exception {
        lambda = new LambdaTestbed(tmp.resolve("lambda"));
        task = Files.writeString(tmp.resolve("task.yaml"), "name: " + TaskFiles.uniqueName("lambda") + "\nresources:\n"
                + "  cloud: lambda\n  accelerators: A100:1\nimage: ghcr.io/acme/trainer@sha256:" + "b".repeat(64)
                + "\nrun: python train.py\n");
        catalog = tmp.resolve("catalogs");
        Files.createDirectories(catalog.resolve("lambda"));
        Files.writeString(catalog.resolve("lambda/vms.csv"), "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,"
                + "SpotPrice,Region\ngpu_1x_a100,A100,1,30,200,1.29,,us-east-1\ngpu_1x_a100,A100,1,30,200,1.29,,us-west-1\n");
    }

    @AfterEach
    void stop() {
        if (vms != null) {
            vms.interrupt();
        }
        lambda.close();
    }

    @Test
    void theLaunchSkipsARegionWithoutCapacityAndDownTakesTheKeptClusterAway() throws Exception {
        lambda.api().capacity("gpu_1x_a100", Set.of("us-west-1"));
        vms = LambdaPlayer.start(lambda, LambdaPlayer.succeeding("trained on lambda\n"));

        CliProcess.Result r = launch("--keep");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("trained on lambda");
        assertThat(r.err()).contains("no capacity for gpu_1x_a100 now");
        assertThat(launchRegions()).as("no launch call where instance-types showed no capacity").containsExactly("us-west-1");
        assertThat(lambda.api().instances().values()).singleElement().satisfies(i -> assertThat(i.status).isEqualTo("active"));

        CliProcess.Result down = CliProcess.run(tmp, env(), "down", CliProcess.onlyRunId(tmp, env()));

        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(lambda.api().instances().values()).allMatch(i -> i.status.equals("terminated"));
        assertThat(lambda.api().requests("POST", "instance-operations/terminate")).isNotEmpty();
        assertThat(lambda.api().requests("GET", "instances/" + lambda.api().instances().keySet().iterator().next()))
                .as("down asked until Lambda showed it terminated").isNotEmpty();
        assertThat(lambda.api().sshKeys()).as("the cluster's SSH key is removed after its instance").isEmpty();
    }

    @Test
    void anInstanceThatVanishesIsRecoveredFromOnTheNextPlacement() throws Exception {
        vms = LambdaPlayer.start(lambda, (i, cluster, nth) -> {
            if (nth == 1) {
                Thread.sleep(300);
                lambda.api().instances().remove(i.id);
                return;
            }
            LambdaPlayer.succeeding("trained after the loss\n").run(i, cluster, nth);
        });

        CliProcess.Result r = launch();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("trained after the loss");
        JsonNode status = new ObjectMapper().readTree(CliProcess.run(tmp, env(), "status", CliProcess.onlyRunId(tmp, env()), "-o", "json").out());
        List<JsonNode> attempts = new ArrayList<>();
        status.path("attempts").forEach(attempts::add);
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("status").asText()).isEqualTo("PREEMPTED");
        assertThat(attempts.get(0).path("reason").asText()).contains("no longer exists");
        assertThat(attempts.get(1).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(attempts.get(1).path("placement").asText()).as("EAGER_NEXT_REGION: the other region")
                .isNotEqualTo(attempts.get(0).path("placement").asText());
    }

    @Test
    void aBadApiKeyEndsTheLaunchWithExitThreeAndTheFix() throws Exception {
        Map<String, String> env = env();
        env.put("SKYRUN_LAMBDA_API_KEY", "secret_revoked_key_123");

        CliProcess.Result r = CliProcess.run(tmp, env, "launch", task.toString(), "--catalog", catalog.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("global/invalid-api-key").contains("LAMBDA_API_KEY").contains("skyrun check lambda")
                .doesNotContain("secret_revoked_key_123");
        assertThat(lambda.api().instances()).isEmpty();
    }

    @Test
    void theLaunchSaysWhichCheaperCloudItSkippedBecauseItIsNotEnabled() throws Exception {
        Files.createDirectories(catalog.resolve("aws"));
        Files.writeString(catalog.resolve("aws/vms.csv"), "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,"
                + "SpotPrice,Region\np4de.test,A100,1,12,96,0.99,,us-east-1\n");
        Path anywhere = Files.writeString(tmp.resolve("anywhere.yaml"), "name: " + TaskFiles.uniqueName("anywhere")
                + "\nresources:\n  accelerators: A100:1\nimage: ghcr.io/acme/trainer@sha256:" + "b".repeat(64)
                + "\nrun: python train.py\n");
        vms = LambdaPlayer.start(lambda, LambdaPlayer.succeeding("trained\n"));

        CliProcess.Result r = CliProcess.run(tmp, env(), "launch", anywhere.toString(), "--catalog", catalog.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("chose lambda at $1.29/h (enabled here)")
                .contains("skipped cheaper aws/us-east-1 at $0.99/h (aws not enabled here: no credentials configured;"
                        + " skyrun check aws)");
    }

    private CliProcess.Result launch(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("launch", task.toString(), "--catalog", catalog.toString()));
        args.addAll(List.of(extra));
        return CliProcess.run(tmp, env(), args.toArray(String[]::new));
    }

    private List<String> launchRegions() {
        return lambda.api().requests("POST", "instance-operations/launch").stream()
                .map(q -> q.body().replaceAll(".*\"region_name\":\"([^\"]+)\".*", "$1")).toList();
    }

    private Map<String, String> env() {
        return new java.util.HashMap<>(lambda.env());
    }
}
