package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.aws.fake.AwsFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun catalog refresh aws} in a child process against the loopback AWS fake (Pricing
 * API GetProducts in pages, EC2 DescribeInstanceTypes and DescribeSpotPriceHistory), then
 * {@code skyrun plan} over what it wrote: today's prices decide, and planning asks AWS nothing.
 */
class CatalogRefreshIT {

    @TempDir
    Path tmp;

    AwsFake aws;
    Path task;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsFake();
        aws.priceList().add("us-east-1", "p3.2xlarge", 8, "61 GiB", "3.0600000000");
        aws.priceList().add("us-east-1", "trn1.2xlarge", 8, "32 GiB", "1.3437500000");
        aws.priceList().add("us-east-1", "m6i.large", 2, "8 GiB", "0.0960000000");
        aws.priceList().add("us-west-2", "p3.2xlarge", 8, "61 GiB", "3.0600000000");
        aws.priceList().add("us-west-2", "p4de.24xlarge", 96, "1,152 GiB", "40.9657000000");
        aws.spotPrice("p3.2xlarge", "us-west-2b", "0.3000");
        task = Files.writeString(tmp.resolve("task.yaml"), "name: train\nresources:\n  cloud: aws\n  accelerators: V100:1\n"
                + "  use_spot: true\nrun: python train.py\n");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private Map<String, String> env() {
        return new HashMap<>(Map.of("SKYRUN_AWS_ENDPOINT", aws.uri().toString(), "SKYRUN_AWS_REGION", "us-east-1",
                "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST", "SKYRUN_AWS_SECRET_ACCESS_KEY", "x", "SKYRUN_AWS_RETRY_BASE_MS", "1"));
    }

    @Test
    void refreshWritesAV8CatalogThatPlanUsesOffline() throws Exception {
        Path dir = tmp.resolve("catalogs");
        CliProcess.Result r = CliProcess.run(tmp, env(), "catalog", "refresh", "aws", "--region", "us-east-1",
                "--region", "us-west-2", "--catalog", dir.toString(), "-o", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode view = new ObjectMapper().readTree(r.out());
        assertThat(view.get("offerings").asInt()).isEqualTo(5);
        assertThat(view.get("with_accelerators").asInt()).isEqualTo(4);
        assertThat(view.get("with_spot").asInt()).as("p3 in both regions, trn1 in us-east-1").isEqualTo(3);
        List<String> csv = Files.readAllLines(dir.resolve("aws/vms.csv"));
        assertThat(csv.get(0)).isEqualTo("InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region,AvailabilityZone");
        assertThat(csv).contains("p3.2xlarge,V100,1,8,61,3.06,0.871,us-east-1,", "trn1.2xlarge,Trainium,1,8,32,1.34375,0.269,us-east-1,",
                "m6i.large,,,2,8,0.096,,us-east-1,", "p4de.24xlarge,A100-80GB,8,96,1152,40.9657,,us-west-2,",
                "p3.2xlarge,V100,1,8,61,3.06,0.3,us-west-2,");
        assertThat(dir.resolve("gcp/vms.csv")).as("other clouds seeded from the bundled snapshot").isNotEmptyFile();
        assertThat(aws.priceListRequests()).as("two pages for us-east-1, one for us-west-2").hasSize(3)
                .allSatisfy(b -> assertThat(b.get("ServiceCode").asText()).isEqualTo("AmazonEC2"));
        assertThat(aws.priceListRequests().get(1).get("NextToken").asText()).isEqualTo("2");
        assertThat(aws.actions("DescribeInstanceTypes")).hasSize(1);

        int asked = aws.requests().size();
        CliProcess.Result plan = CliProcess.run(tmp, env(), "plan", task.toString(), "--catalog", dir.toString(), "-o", "json");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        JsonNode best = new ObjectMapper().readTree(plan.out()).get("tasks").get(0).get("placements").get(0);
        assertThat(best.get("region").asText()).isEqualTo("us-west-2");
        assertThat(best.get("price_per_node").asDouble()).isEqualTo(0.3);
        assertThat(aws.requests()).as("plan is offline").hasSize(asked);
    }

    @Test
    void withoutCatalogTheRefreshGoesToSkyrunHomeWherePlanFindsIt() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, env(), "catalog", "refresh", "aws", "--region", "us-west-2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("aws: wrote 2 offerings in 1 regions").contains(tmp.resolve("skyrun-home/catalogs/aws/vms.csv").toString());

        CliProcess.Result plan = CliProcess.run(tmp, env(), "plan", task.toString(), "-o", "json");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        JsonNode view = new ObjectMapper().readTree(plan.out());
        assertThat(view.get("catalog").asText()).contains("skyrun-home/catalogs");
        assertThat(view.get("tasks").get(0).get("placements").get(0).get("price_per_node").asDouble()).isEqualTo(0.3);
    }

    @Test
    void aFailingPriceListLeavesTheCatalogAloneAndExitsThree() throws Exception {
        Path dir = tmp.resolve("catalogs");
        aws.fail("GetProducts", "AccessDeniedException", 400, 1);
        CliProcess.Result r = CliProcess.run(tmp, env(), "catalog", "refresh", "aws", "--region", "us-east-1", "--catalog", dir.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("pricing:GetProducts").contains("AccessDeniedException");
        assertThat(dir.resolve("aws/vms.csv")).doesNotExist();
    }
}
