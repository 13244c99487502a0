package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunController;
import dev.skyrun.run.RunListener;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun down} against an EC2 API that fails, in child processes: a detached run with its
 * instance running (launched in the test's JVM on the children's home), then a {@code down}
 * during a fault and a {@code down} after it cleared. The instance is terminated and verified first whatever an auxiliary does; a fault
 * leaves exit 3 naming what is left, recorded on the run's row, and the next {@code down}
 * removes the rest (exit 0). The run's row stays TERMINATING until EC2 shows the instance
 * terminated.
 */
class AwsDownIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    @TempDir
    Path tmp;

    AwsFake aws;
    String runId;

    @BeforeEach
    void launchDetached() throws Exception {
        aws = new AwsFake();
        Map<String, String> env = env();
        env.put("HF_TOKEN", "hf_secret_value");
        TaskSpec task = (TaskSpec) SpecLoader.load(Files.writeString(tmp.resolve("task.yaml"), "name: "
                + TaskFiles.uniqueName("aws-down") + "\nresources:\n  cloud: aws\n  accelerators: T4:1\n  use_spot: true\n"
                + "image: ghcr.io/acme/trainer@sha256:" + "a".repeat(64) + "\nsecrets:\n  HF_TOKEN: null\nrun: python train.py\n"));
        Placement spot = new Placement("aws", AwsFake.REGION, Optional.empty(), "g4dn.xlarge", true, Optional.empty(), 4, 16, 0.16, 1,
                "test");
        // the run a detached `launch` leaves: its instance running, the job started (the CLI children share this home)
        try (StateStore state = StateStore.open(SkyrunHome.at(tmp.resolve("skyrun-home")));
                CloudRegistry clouds = CloudRegistry.load(env)) {
            runId = new RunController(state, clouds, (t, c) -> List.of(spot)).launch(new LaunchRequest(task, Optional.empty(), Map.of(),
                    Secrets.of(Map.of("HF_TOKEN", "hf_secret_value")), Optional.empty(), Optional.empty(), true, false),
                    RunListener.silent()).runId();
        }
        assertThat(aws.ec2().instances.values()).singleElement().satisfies(i -> assertThat(i.state).isEqualTo("running"));
        assertThat(aws.ec2().securityGroups).hasSize(1);
        assertThat(aws.parameters()).as("the secret in SSM").hasSize(1);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void anAuxiliaryDescribeFailingWith5xxStillTerminatesTheInstanceAndASecondDownRemovesTheRest() throws Exception {
        aws.fail("DescribePlacementGroups", "InternalError", 500, 6);

        CliProcess.Result first = CliProcess.run(tmp, env(), "down", runId);

        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(first.err()).contains("placement-group").contains("DescribePlacementGroups").contains("InternalError")
                .contains("the compute is terminated");
        assertThat(aws.ec2().instances.values()).as("terminated and verified before any auxiliary")
                .allSatisfy(i -> assertThat(i.state).isEqualTo("terminated"));
        assertThat(aws.ec2().securityGroups).as("the next kind still went").isEmpty();
        assertThat(aws.parameters()).isEmpty();
        JsonNode row = status();
        assertThat(row.get("status").asText()).as("how it ended: its compute is gone").isEqualTo("CANCELLED");
        assertThat(row.get("left").asText()).contains("placement-group").contains("InternalError");

        CliProcess.Result second = CliProcess.run(tmp, env(), "down", runId);

        assertThat(second.exit()).as(second.toString()).isZero();
        JsonNode left = status().get("left");
        assertThat(left == null || left.isNull()).as("nothing left: " + left).isTrue();
        assertThat(aws.actions("TerminateInstances")).as("terminated once").hasSize(1);
    }

    @Test
    void aTerminateThatAnswersOkButLeavesTheInstanceRunningKeepsTheRunTerminatingUntilEc2ShowsItTerminated() throws Exception {
        aws.ec2().ignoreTerminate = true;

        CliProcess.Result first = CliProcess.run(tmp, env(), "down", runId);

        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        String id = aws.ec2().instances.keySet().iterator().next();
        assertThat(first.err()).contains("instance " + id).contains("not terminated after 2 s").contains("NOT everything");
        assertThat(aws.ec2().instances.get(id).state).isEqualTo("running");
        assertThat(aws.ec2().securityGroups).as("auxiliaries wait for the compute").hasSize(1);
        JsonNode row = status();
        assertThat(row.get("status").asText()).isEqualTo("TERMINATING");
        assertThat(row.get("left").asText()).contains(id);

        aws.ec2().ignoreTerminate = false;
        CliProcess.Result second = CliProcess.run(tmp, env(), "down", runId);

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(aws.ec2().instances.get(id).state).isEqualTo("terminated");
        assertThat(aws.ec2().securityGroups).isEmpty();
        assertThat(status().get("status").asText()).as("only now, with EC2 showing it terminated").isEqualTo("CANCELLED");
    }

    @Test
    void aTerminateAnswering5xxKeepsTheRunTerminatingAndALaterDownFinishes() throws Exception {
        aws.fail("TerminateInstances", "InternalError", 503, 6);

        CliProcess.Result first = CliProcess.run(tmp, env(), "down", runId);

        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(first.err()).contains("TerminateInstances").contains("InternalError").contains("gave up after 6 tries");
        assertThat(status().get("status").asText()).isEqualTo("TERMINATING");
        assertThat(aws.ec2().instances.values()).allSatisfy(i -> assertThat(i.state).isEqualTo("running"));

        CliProcess.Result second = CliProcess.run(tmp, env(), "down", "--all");

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(aws.ec2().instances.values()).allSatisfy(i -> assertThat(i.state).isEqualTo("terminated"));
        assertThat(status().get("status").asText()).isEqualTo("CANCELLED");
    }

    private JsonNode status() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, env(), "status", runId, "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private Map<String, String> env() {
        return AwsCli.env(aws, S3.getHttpPort(), 2);
    }
}
