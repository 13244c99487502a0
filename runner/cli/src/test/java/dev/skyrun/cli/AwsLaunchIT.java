package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun launch} on AWS in a child process: EC2, SSM and STS are the loopback fake, S3 is
 * S3Mock, and the test plays the VM (heartbeat, log and exit code into the run's S3 prefix).
 * The catalog says us-east-1 is the cheaper spot region; today's spot price (fake
 * DescribeSpotPriceHistory) says us-west-2, and the launch goes there. Credentials EC2 refuses
 * end the launch with exit 3 and what to fix.
 */
class AwsLaunchIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    @TempDir
    Path tmp;

    AwsFake aws;
    Path catalog;
    Path task;
    Thread vms;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsFake();
        catalog = AwsCli.catalog(tmp, "p3.2xlarge,V100,1,8,61,3.06,0.90,us-east-1\np3.2xlarge,V100,1,8,61,3.06,0.95,us-west-2\n");
        task = Files.writeString(tmp.resolve("task.yaml"), "name: " + TaskFiles.uniqueName("aws-spot") + "\nresources:\n"
                + "  cloud: aws\n  accelerators: V100:1\n  use_spot: true\nimage: ghcr.io/acme/trainer@sha256:" + "a".repeat(64)
                + "\nrun: python train.py\n");
        vms = AwsCli.playVms(aws, S3.getHttpPort(), "trained on the VM\n");
    }

    @AfterEach
    void stop() {
        vms.interrupt();
        aws.close();
    }

    private Map<String, String> env() {
        return AwsCli.env(aws, S3.getHttpPort(), 10);
    }

    @Test
    void launchGoesWhereTheSpotPriceIsLowestTodayAndSucceeds() throws Exception {
        aws.spotPrice("p3.2xlarge", "us-west-2a", "0.4000");

        CliProcess.Result r = CliProcess.run(tmp, env(), "launch", task.toString(), "--catalog", catalog.toString(), "--down");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("trained on the VM");
        assertThat(aws.actions("DescribeSpotPriceHistory")).isNotEmpty();
        List<String> runRegions = aws.requests().stream().filter(q -> q.body().contains("Action=RunInstances"))
                .map(AwsLaunchIT::signedRegion).toList();
        assertThat(runRegions).containsExactly("us-west-2");
        assertThat(aws.actions("RunInstances").get(0).get("Placement.AvailabilityZone")).as("the zone of the quoted price")
                .isEqualTo("us-west-2a");
        assertThat(aws.ec2().instances.values()).allMatch(i -> i.state.equals("terminated"));
    }

    @Test
    void credentialsEc2RefusesEndTheLaunchWithExitThreeAndTheFix() throws Exception {
        aws.fail("RunInstances", "UnauthorizedOperation", 403, 1);

        CliProcess.Result r = CliProcess.run(tmp, env(), "launch", task.toString(), "--catalog", catalog.toString(), "--down");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("UnauthorizedOperation").contains("Fix:").contains("skyrun check");
        assertThat(aws.actions("RunInstances")).as("no other AWS placement is tried").hasSize(1);
    }

    private static String signedRegion(Request r) {
        String auth = r.header("Authorization");
        return auth.substring(auth.indexOf("Credential=")).split("/")[2];
    }
}
