package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.aws.fake.VmPlayer;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.JobScripts;
import dev.skyrun.testkit.RecordingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A spot interruption on AWS, end to end through the run controller: the first placement's
 * instance is interrupted (the fake terminates it with {@code Server.SpotInstanceTermination}),
 * the controller blocks it and runs attempt 2 on the next placement, which succeeds. The test
 * plays the VMs: it writes their heartbeat, log and exit code into S3Mock.
 */
class AwsRecoveryIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    @TempDir
    Path tmp;

    @Test
    void aSpotInterruptionRecoversOnTheNextPlacement() throws Exception {
        try (AwsFake aws = new AwsFake()) {
            Map<String, String> env = Map.of("SKYRUN_AWS_ENDPOINT", aws.uri().toString(),
                    "SKYRUN_AWS_S3_ENDPOINT", "http://127.0.0.1:" + S3.getHttpPort(), "SKYRUN_AWS_REGION", AwsFake.REGION,
                    "SKYRUN_AWS_BUCKET", "skyrun-state", "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST", "SKYRUN_AWS_SECRET_ACCESS_KEY", "x",
                    "SKYRUN_AWS_POLL_MS", "50", "SKYRUN_AWS_RETRY_BASE_MS", "1", "SKYRUN_AWS_TERMINATE_TIMEOUT_S", "10",
                "SKYRUN_AWS_CACHE_DIR", AwsCloudIT.freshDir(tmp));
            ObjectStore s3 = new AwsProvider().store("s3", new dev.skyrun.cloud.CloudSettings("aws", Optional.empty(), Map.of(
                    "s3_endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "access_key_id", "a", "secret_access_key", "b"))).orElseThrow();
            Thread vms = playVms(aws, s3);
            RecordingListener heard = new RecordingListener();
            List<EventRecord> events = heard.events;
            List<LogLine> lines = heard.lines;
            try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home")));
                    CloudRegistry clouds = CloudRegistry.of(List.of(new AwsProvider()), env)) {
                RunController controller = new RunController(state, clouds, (task, cloud) -> List.of(
                        spot("us-east-1a", 0.87, "cheapest"), spot("us-east-1b", 0.92, "next zone")));
                RunOutcome out = controller.launch(new LaunchRequest(task(), Optional.empty(), Map.of(), Secrets.none(), Optional.empty(),
                        Optional.empty(), false, true), heard);

                assertThat(out.status()).as(out.reason() + " " + events).isEqualTo(RunStatus.SUCCEEDED);
                List<AttemptRecord> attempts = state.runs().attempts(out.runId());
                assertThat(attempts).extracting(AttemptRecord::placement).first().isEqualTo("aws/us-east-1/us-east-1a");
                assertThat(attempts).extracting(AttemptRecord::placement).last().isEqualTo("aws/us-east-1/us-east-1b");
                assertThat(attempts.get(0).status()).isEqualTo(RunStatus.PREEMPTED);
                assertThat(attempts.get(0).reason().orElseThrow()).contains("Server.SpotInstanceTermination");
                // FAILOVER tries the same zone again first; the fake has no capacity left there, so the zone is blocked
                assertThat(aws.actions("RunInstances")).extracting(f -> f.get("Placement.AvailabilityZone"))
                        .containsExactly("us-east-1a", "us-east-1a", "us-east-1b");
                assertThat(events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                        .satisfies(e -> assertThat(e.message()).contains("InsufficientInstanceCapacity"));
                AttemptRecord last = attempts.get(attempts.size() - 1);
                assertThat(lines).extracting(LogLine::text).contains("trained on attempt " + last.number())
                        .as("the checkpoint the interrupted VM wrote reached the next one").contains("resumed from step 3");
                assertThat(tmp.resolve("home/runs/" + out.runId() + "/checkpoints/step")).as("and the run's own copy").hasContent("3");
                String job = VmPlayer.read(s3, "skyrun-state/skyrun/" + out.runId() + "/" + last.clusterName() + "/job.sh");
                assertThat(job).contains("SKYRUN_ATTEMPT='" + last.number() + "'").contains("SKYRUN_TASK_ID='" + out.runId() + "-task0'");
                // --down: nothing of the run is left in EC2
                assertThat(aws.ec2().instances.values()).allMatch(i -> i.state.equals("terminated"));
                assertThat(aws.ec2().securityGroups).isEmpty();
            } finally {
                vms.interrupt();
            }
        }
    }

    /**
     * Each provisioning error code, through the controller: zone codes move to the next zone,
     * region codes skip the rest of the region, credential codes end the run (INFRA_FAILED, exit 3
     * at the CLI) saying what to fix, without trying another AWS placement.
     */
    @ParameterizedTest
    @CsvSource({
        "InsufficientInstanceCapacity, 400, aws/us-east-1/us-east-1b", "SpotMaxPriceTooLow, 400, aws/us-east-1/us-east-1b",
        "InsufficientCapacityOnHost, 400, aws/us-east-1/us-east-1b", "InstanceLimitExceeded, 400, aws/us-west-2",
        "MaxSpotInstanceCountExceeded, 400, aws/us-west-2", "VcpuLimitExceeded, 400, aws/us-west-2",
        "UnauthorizedOperation, 403, none", "AuthFailure, 401, none"})
    void eachProvisioningErrorBlocksItsScope(String code, int status, String next) throws Exception {
        try (AwsFake aws = new AwsFake()) {
            ObjectStore s3 = s3();
            Thread vms = succeedEverything(aws, s3);
            aws.fail("RunInstances", code, status, 1);
            try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home-" + code)));
                    CloudRegistry clouds = CloudRegistry.of(List.of(new AwsProvider()), env(aws))) {
                RunController controller = new RunController(state, clouds, (task, cloud) -> List.of(
                        spot("us-east-1a", 0.87, "cheapest"), spot("us-east-1b", 0.92, "next zone"),
                        new Placement("aws", "us-west-2", Optional.empty(), "p3.2xlarge", true, Optional.empty(), 8, 61, 0.95, 1,
                                "next region")));
                RunOutcome out = controller.launch(new LaunchRequest(task(), Optional.empty(), Map.of(), Secrets.none(),
                        Optional.empty(), Optional.empty(), false, true), RunListener.silent());
                List<AttemptRecord> attempts = state.runs().attempts(out.runId());
                if (next.equals("none")) {
                    assertThat(out.status()).isEqualTo(RunStatus.INFRA_FAILED);
                    assertThat(out.reason()).contains(code).contains("Fix:");
                    assertThat(aws.actions("RunInstances")).hasSize(1);
                } else {
                    assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(attempts).extracting(AttemptRecord::placement).containsExactly("aws/us-east-1/us-east-1a", next);
                    assertThat(attempts.get(0).reason().orElseThrow()).contains(code);
                }
            } finally {
                vms.interrupt();
            }
        }
    }

    /**
     * A placement per region (the zone is AWS's pick): a zone capacity error blocks only the zone
     * the launch went to, and the next attempt stays in the region, in its other zone.
     */
    @Test
    void aZoneErrorOnAPlacementPerRegionMovesToTheRegionsOtherZone() throws Exception {
        try (AwsFake aws = new AwsFake()) {
            Thread vms = succeedEverything(aws, s3());
            aws.fail("RunInstances", "InsufficientInstanceCapacity", 400, 1);
            try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("home-per-region")));
                    CloudRegistry clouds = CloudRegistry.of(List.of(new AwsProvider()), env(aws))) {
                RunController controller = new RunController(state, clouds, (task, cloud) -> List.of("us-east-1", "us-west-2")
                        .stream().map(region -> new Placement("aws", region, Optional.empty(), "p3.2xlarge", false,
                                Optional.empty(), 8, 61, 3.06, 1, "per region")).toList());
                RunOutcome out = controller.launch(new LaunchRequest(task(), Optional.empty(), Map.of(), Secrets.none(),
                        Optional.empty(), Optional.empty(), false, true), RunListener.silent());

                assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(state.runs().attempts(out.runId())).extracting(AttemptRecord::placement)
                        .containsExactly("aws/us-east-1", "aws/us-east-1");
                assertThat(aws.actions("RunInstances")).extracting(r -> r.get("Placement.AvailabilityZone"))
                        .containsExactly("us-east-1a", "us-east-1b");
                assertThat(state.events(out.runId(), 0)).filteredOn(e -> e.kind().equals("BLOCKED"))
                        .extracting(EventRecord::message).singleElement().asString().startsWith("zone aws/us-east-1/us-east-1a (p3.2xlarge) blocked");
            } finally {
                vms.interrupt();
            }
        }
    }

    private Map<String, String> env(AwsFake aws) {
        return Map.of("SKYRUN_AWS_ENDPOINT", aws.uri().toString(),
                "SKYRUN_AWS_S3_ENDPOINT", "http://127.0.0.1:" + S3.getHttpPort(), "SKYRUN_AWS_REGION", AwsFake.REGION,
                "SKYRUN_AWS_BUCKET", "skyrun-state", "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST", "SKYRUN_AWS_SECRET_ACCESS_KEY", "x",
                "SKYRUN_AWS_POLL_MS", "50", "SKYRUN_AWS_RETRY_BASE_MS", "1", "SKYRUN_AWS_TERMINATE_TIMEOUT_S", "10",
                "SKYRUN_AWS_CACHE_DIR", AwsCloudIT.freshDir(tmp));
    }

    private static ObjectStore s3() {
        return new AwsProvider().store("s3", new dev.skyrun.cloud.CloudSettings("aws", Optional.empty(), Map.of(
                "s3_endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "access_key_id", "a", "secret_access_key", "b"))).orElseThrow();
    }

    /** Plays the instances: every one whose job script is uploaded runs it to exit 0. */
    private static Thread succeedEverything(AwsFake aws, ObjectStore s3) {
        return VmPlayer.start(aws, s3, VmPlayer.succeeding(s3, ""));
    }

    /**
     * Plays the instances: the first one boots, writes step 3 into the checkpoint directory its job
     * script copies in and out (the run's checkpoint, relayed through the state bucket) and is
     * interrupted; the second reads the checkpoint its own job script copies in and runs to exit 0.
     */
    private static Thread playVms(AwsFake aws, ObjectStore s3) {
        return VmPlayer.start(aws, s3, (i, prefix, nth) -> {
            String job = VmPlayer.read(s3, prefix + "job.sh");
            String checkpoint = JobScripts.checkpointKey(job);
            if (nth == 1) {
                VmPlayer.put(s3, checkpoint + "/step", "3");
                Thread.sleep(300);
                aws.fail("RunInstances", "InsufficientInstanceCapacity", 400, 1);
                aws.ec2().interrupt(i.id);
            } else {
                String attempt = job.replaceAll("(?s).*SKYRUN_ATTEMPT='(\\d+)'.*", "$1");
                String step = VmPlayer.read(s3, checkpoint + "/step");
                VmPlayer.put(s3, prefix + "node-0/log", "skyrun: starting\nresumed from step " + step + "\ntrained on attempt "
                        + attempt + "\n");
                VmPlayer.put(s3, prefix + "node-0/exit_code", "0");
            }
        });
    }

    private static Placement spot(String zone, double price, String why) {
        return new Placement("aws", AwsFake.REGION, Optional.of(zone), "p3.2xlarge", true, Optional.empty(), 8, 61, price, 1, why);
    }

    private static TaskSpec task() {
        return new TaskSpec("spotty", Optional.empty(), 1, Resources.ANY, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("python train.py"), Optional.of("skyrun-test/trainer:1"), Map.of(), Optional.empty(), List.of());
    }
}
