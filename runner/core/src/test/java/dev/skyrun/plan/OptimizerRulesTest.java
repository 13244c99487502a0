package dev.skyrun.plan;

import static dev.skyrun.plan.Requests.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optimizer's rules on a small catalog built in code. */
class OptimizerRulesTest {
    private static final Location WHERE = new Location("task.yaml", 3, 1);
    private static final Catalog CATALOG = Catalog.of(new CatalogInfo("test", "test", "0".repeat(64)), List.of(
            gpu("aws", "g5.xlarge", "A10G", 1, 1.006, 0.40, "us-east-1", "us-east-1b"),
            gpu("aws", "g5.xlarge", "A10G", 1, 1.006, 0.40, "us-east-1", "us-east-1a"),
            gpu("aws", "g5.xlarge", "A10G", 1, 1.006, 0.45, "us-west-2", "us-west-2a"),
            gpu("gcp", "g2-standard-4", "L4", 1, 0.70683, 0.30, "us-central1", "us-central1-a"),
            gpu("lambda", "gpu_1x_a10", "A10", 1, 0.75, Double.NaN, "us-east-1", null),
            cpu("aws", "m6i.2xlarge", 8, 32, 0.384, "us-east-1"),
            cpu("gcp", "n2-standard-8", 8, 32, 0.388472, "us-central1")));
    private static final Offering LOCAL = LocalOffering.of(16, 64, Optional.empty(), 0);

    private static Offering gpu(String cloud, String type, String acc, double n, double od, double spot, String region,
            String zone) {
        return new Offering(cloud, type, Optional.of(acc), n, 4, 16, od,
                Double.isNaN(spot) ? OptionalDouble.empty() : OptionalDouble.of(spot), region, Optional.ofNullable(zone));
    }

    private static Offering cpu(String cloud, String type, double vcpus, double mem, double od, String region) {
        return new Offering(cloud, type, Optional.empty(), 0, vcpus, mem, od, OptionalDouble.of(od / 3), region,
                Optional.empty());
    }

    private static TaskPlan plan(PlanContext ctx, Requests r) {
        return new Optimizer(ctx).plan(r.task(), WHERE);
    }

    private static final PlanContext ALL = PlanContext.of(CATALOG, List.of(LOCAL));

    @Test
    void pricesTieBreakByCloudRegionZoneName() {
        TaskPlan p = plan(ALL, res().acc("A10G:1"));
        assertThat(p.placements()).extracting(Placement::infra)
                .containsExactly("aws/us-east-1/us-east-1a", "aws/us-east-1/us-east-1b", "aws/us-west-2/us-west-2a");
    }

    @Test
    void equalSpotPricesRankByOnDemandPriceThenSizeBeforeName() {
        Catalog tied = Catalog.of(new CatalogInfo("test", "test", "0".repeat(64)), List.of(
                new Offering("aws", "g4dn.16xlarge", Optional.of("T4"), 1, 64, 256, 4.352, OptionalDouble.of(0.3), "us-east-1", Optional.empty()),
                new Offering("aws", "g4dn.2xlarge", Optional.of("T4"), 1, 8, 32, 0.752, OptionalDouble.of(0.3), "us-east-1", Optional.empty()),
                new Offering("aws", "g4dn.xlarge", Optional.of("T4"), 1, 4, 16, 0.526, OptionalDouble.of(0.3), "us-east-1", Optional.empty()),
                cpu("aws", "c9.large", 4, 8, 0.2, "us-east-1"), cpu("aws", "c9.2large", 2, 8, 0.2, "us-east-1"),
                cpu("aws", "c9.1large", 2, 4, 0.2, "us-east-1")));
        PlanContext ctx = PlanContext.of(tied, List.of());
        assertThat(plan(ctx, res().acc("T4:1").spot(true)).placements()).extracting(Placement::instanceType)
                .containsExactly("g4dn.xlarge", "g4dn.2xlarge", "g4dn.16xlarge");
        List<String> bySize = List.of("c9.1large", "c9.2large", "c9.large");
        assertThat(plan(ctx, res().cpus("2+").spot(true)).placements()).as("the CPU price index").extracting(Placement::instanceType)
                .containsExactlyElementsOf(bySize);
        assertThat(plan(ctx.blocking(List.of(BlockedPlacement.cloud("no-such-cloud"))), res().cpus("2+").spot(true)).placements())
                .as("the one-by-one filters").extracting(Placement::instanceType).containsExactlyElementsOf(bySize);
    }

    @Test
    void blockedZonesAndSpotOnlyBlocks() {
        PlanContext blocked = ALL.blocking(List.of(BlockedPlacement.zone("aws", "us-east-1", "us-east-1a"),
                new BlockedPlacement("aws", Optional.of("us-west-2"), Optional.empty(), true)));
        assertThat(plan(blocked, res().acc("A10G:1")).placements()).extracting(Placement::infra)
                .containsExactly("aws/us-east-1/us-east-1b", "aws/us-west-2/us-west-2a");
        TaskPlan spot = plan(blocked, res().acc("A10G:1").spot(true));
        assertThat(spot.placements()).extracting(Placement::infra).containsExactly("aws/us-east-1/us-east-1b");
        assertThat(spot.removals()).anySatisfy(r -> assertThat(r.reason()).isEqualTo(
                "blocked: removed 2 candidates (blocked after a failure)"));
    }

    @Test
    void localNeverCompetesOnPriceButIsUsedWhenPinnedOrAlone() {
        assertThat(plan(ALL, res().cpus("8+")).best().cloud()).isEqualTo("aws");
        assertThat(plan(ALL, res().cpus("8+").infra("local")).best().infra()).isEqualTo("local/local");
        PlanContext onlyLocal = new PlanContext(CATALOG, List.of(LOCAL), Set.of("local"), List.of());
        assertThat(plan(onlyLocal, res().cpus("8+")).placements()).extracting(Placement::cloud).containsExactly("local");
    }

    @Test
    void orderedEntriesInheritTheParentAndKeepTheirOrder() {
        // Parent asks L4 on spot; entry 1 pins aws (no L4 there), entry 2 pins gcp: only gcp is feasible.
        TaskPlan p = plan(ALL, res().acc("L4:1").spot(true).ordered(res().infra("aws"), res().infra("gcp")));
        assertThat(p.best().infra()).isEqualTo("gcp/us-central1/us-central1-a");
        assertThat(p.best().spot()).isTrue();
        assertThat(p.best().why()).isEqualTo("ordered #2: L4:1 gcp, spot");
        // A10 on lambda (0.75) before A10G on aws although A10G spot is cheaper: the user's order wins.
        TaskPlan order = plan(ALL, res().ordered(res().acc("A10:1"), res().acc("A10G:1").spot(true)));
        assertThat(order.placements()).extracting(Placement::cloud).containsExactly("lambda", "aws", "aws", "aws");
    }

    @Test
    void maxHourlyCostAndNodesAndInfeasibleSpot() {
        TaskPlan capped = plan(ALL, res().acc("A10G:1").maxCost(1.0).anyOf(res().spot(true), res().spot(false)));
        assertThat(capped.placements()).allMatch(Placement::spot).hasSize(3);
        assertThat(new Optimizer(ALL).plan(res().acc("L4:1").task(4), WHERE).best().pricePerHour())
                .isEqualTo(0.70683 * 4);
        assertThatThrownBy(() -> plan(ALL, res().acc("A10:1").spot(true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("task.yaml:3:1: no offering satisfies task 't' (A10:1, spot): no spot price for it "
                        + "(on-demand only) (drop use_spot, or fall back: any_of: [{use_spot: true}, {use_spot: false}])");
        assertThatThrownBy(() -> plan(ALL, res().acc("A10G:1").maxCost(0.1)))
                .hasMessageContaining("the cheapest is $1.0060/h per node");
    }
}
