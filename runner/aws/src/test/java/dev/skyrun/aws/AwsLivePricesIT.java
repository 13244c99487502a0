package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.aws.fake.Form;
import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.Optimizer;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.run.LivePrices;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning with today's spot prices, as {@code launch} plans: the optimizer ranks the catalog, the
 * AWS plug-in asks (fake) EC2 DescribeSpotPriceHistory for the regions and types of the first
 * candidates, and the optimizer ranks again. A changed spot price reorders the placements; the
 * prices are cached in a file for a TTL (a second command asks nothing); offline, the catalog's
 * prices stand.
 */
class AwsLivePricesIT {

    @TempDir
    Path tmp;

    AwsFake aws;
    TaskSpec task;
    PlanContext context;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsFake();
        Path spec = Files.writeString(tmp.resolve("task.yaml"), "name: train\nresources:\n  accelerators: V100:1\n"
                + "  use_spot: true\nrun: python train.py\n");
        task = (TaskSpec) SpecLoader.load(spec);
        Catalog catalog = Catalog.of(new CatalogInfo("test", "2026-11-01", "0".repeat(64)), List.of(
                p3("us-east-1", 0.90), p3("us-west-2", 0.95)));
        context = PlanContext.of(catalog, List.of());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private static Offering p3(String region, double spot) {
        return new Offering("aws", "p3.2xlarge", Optional.of("V100"), 1, 8, 61, 3.06, OptionalDouble.of(spot), region, Optional.empty());
    }

    private Map<String, String> env(String endpoint) {
        Map<String, String> env = new HashMap<>(Map.of("SKYRUN_AWS_ENDPOINT", endpoint, "SKYRUN_AWS_REGION", AwsFake.REGION,
                "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDTEST", "SKYRUN_AWS_SECRET_ACCESS_KEY", "x", "SKYRUN_AWS_RETRY_BASE_MS", "1",
                "SKYRUN_AWS_CACHE_DIR", tmp.resolve("home/cache").toString()));
        return env;
    }

    private List<Placement> plan(Map<String, String> env) {
        try (CloudRegistry clouds = CloudRegistry.of(List.of(new AwsProvider()), env)) {
            return LivePrices.plan(task, Location.of(tmp.resolve("task.yaml")), context, clouds).placements();
        }
    }

    @Test
    void todaysSpotPriceReordersThePlacementsAndIsCachedForTheTtl() {
        assertThat(new Optimizer(context).plan(task, Location.of(tmp.resolve("task.yaml"))).best().region())
                .as("by the catalog, us-east-1 is cheaper").isEqualTo("us-east-1");
        aws.spotPrice("p3.2xlarge", "us-west-2a", "0.4000");
        aws.spotPrice("p3.2xlarge", "us-west-2b", "0.5500");

        List<Placement> live = plan(env(aws.uri().toString()));

        assertThat(live.get(0).region()).isEqualTo("us-west-2");
        assertThat(live.get(0).pricePerNode()).isEqualTo(0.40);
        assertThat(live.get(1).region()).isEqualTo("us-east-1");
        assertThat(live.get(1).pricePerNode()).as("the cheaper zone of us-east-1 today").isEqualTo(0.871);
        List<Form> asked = aws.actions("DescribeSpotPriceHistory");
        assertThat(asked).hasSize(2).allSatisfy(f -> {
            assertThat(f.list("InstanceType")).containsExactly("p3.2xlarge");
            assertThat(f.list("ProductDescription")).containsExactly("Linux/UNIX");
        });
        assertThat(tmp.resolve("home/cache/aws-spot-prices.tsv")).content().contains("us-west-2 p3.2xlarge");

        aws.spotPrice("p3.2xlarge", "us-west-2a", "5.0000");
        aws.spotPrice("p3.2xlarge", "us-west-2b", "5.0000");
        assertThat(plan(env(aws.uri().toString())).get(0).region()).as("a second command within the TTL: cached").isEqualTo("us-west-2");
        assertThat(aws.actions("DescribeSpotPriceHistory")).hasSize(2);

        Map<String, String> expired = env(aws.uri().toString());
        expired.put("SKYRUN_AWS_SPOT_PRICE_TTL_S", "0");
        List<Placement> again = plan(expired);
        assertThat(aws.actions("DescribeSpotPriceHistory")).hasSize(4);
        assertThat(again.get(0).region()).isEqualTo("us-east-1");
        assertThat(again.get(0).pricePerNode()).isEqualTo(0.871);
    }

    @Test
    void aPriceFeedQuotingOnePriceForEveryTypePicksTheSmallestTypeThatFits() throws Exception {
        Path spec = Files.writeString(tmp.resolve("t4.yaml"), "name: t4\nresources:\n  accelerators: T4:1\n"
                + "  use_spot: true\nrun: python train.py\n");
        List<Offering> g4dn = List.of(g4dn("g4dn.16xlarge", 64, 256, 4.352), g4dn("g4dn.2xlarge", 8, 32, 0.752),
                g4dn("g4dn.4xlarge", 16, 64, 1.204), g4dn("g4dn.8xlarge", 32, 128, 2.176), g4dn("g4dn.xlarge", 4, 16, 0.526));
        context = PlanContext.of(Catalog.of(new CatalogInfo("test", "2026-11-01", "0".repeat(64)), g4dn), List.of());
        g4dn.forEach(o -> aws.spotPrice(o.instanceType(), "us-east-1a", "0.3000"));
        task = (TaskSpec) SpecLoader.load(spec);

        List<Placement> live = plan(env(aws.uri().toString()));

        assertThat(live).extracting(Placement::pricePerNode).as("the feed's one price for every type").containsOnly(0.30);
        assertThat(live).extracting(Placement::instanceType).as("ties broken by on-demand price, then size, never name")
                .containsExactly("g4dn.xlarge", "g4dn.2xlarge", "g4dn.4xlarge", "g4dn.8xlarge", "g4dn.16xlarge");
    }

    private static Offering g4dn(String type, int vcpus, int memory, double onDemand) {
        return new Offering("aws", type, Optional.of("T4"), 1, vcpus, memory, onDemand, OptionalDouble.of(onDemand * 0.3), "us-east-1",
                Optional.empty());
    }

    @Test
    void offlineTheCatalogPricesStand() {
        String dead = aws.uri().toString();
        aws.close();
        List<Placement> offline = plan(env(dead));
        assertThat(offline).extracting(Placement::region).startsWith("us-east-1", "us-west-2");
        assertThat(offline.get(0).pricePerNode()).isEqualTo(0.90);
    }
}
