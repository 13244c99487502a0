package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Placement;
import dev.skyrun.recovery.Decision.Next;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementCursorTest {

    private static Placement at(String cloud, String region, String zone) {
        return new Placement(cloud, region, Optional.of(zone), "g5.xlarge", true, Optional.empty(), 4, 16, 0.5, 1,
                "test");
    }

    /** Cheapest first: east-a, west-a, east-b, west-b, then gcp. */
    private final List<Placement> plan = List.of(at("aws", "us-east-1", "us-east-1a"), at("aws", "us-west-2", "us-west-2a"),
            at("aws", "us-east-1", "us-east-1b"), at("aws", "us-west-2", "us-west-2b"), at("gcp", "us-central1", "us-central1-a"));

    private static String infra(Optional<Placement> p) {
        return p.map(Placement::infra).orElse("none");
    }

    @Test
    void theSamePlacementIsKeptUntilSomethingOfItIsBlocked() {
        PlacementCursor c = new PlacementCursor(plan);
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1/us-east-1a");
        c.apply(Next.SAME);
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1/us-east-1a");
        c.apply(Next.BLOCK_ZONE);
        assertThat(infra(c.next())).as("plan order, not region affinity, on a plain capacity error")
                .isEqualTo("aws/us-west-2/us-west-2a");
    }

    @Test
    void failoverTriesTheSamePlacementThenItsRegionThenTheRest() {
        PlacementCursor c = new PlacementCursor(plan);
        c.next();
        c.apply(Next.SAME_REGION_FIRST);
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1/us-east-1a");
        c.apply(Next.BLOCK_ZONE);
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1/us-east-1b");
        c.apply(Next.BLOCK_ZONE);
        assertThat(infra(c.next())).isEqualTo("aws/us-west-2/us-west-2a");
    }

    @Test
    void eagerNextRegionLeavesTheRegionAndComesBackOnlyWhenNothingElseIsLeft() {
        PlacementCursor c = new PlacementCursor(plan);
        c.next();
        c.apply(Next.AVOID_REGION);
        assertThat(infra(c.next())).isEqualTo("aws/us-west-2/us-west-2a");
        c.apply(Next.BLOCK_REGION);
        assertThat(infra(c.next())).isEqualTo("gcp/us-central1/us-central1-a");
        c.apply(Next.BLOCK_CLOUD);
        assertThat(infra(c.next())).as("the avoided region is the last resort").isEqualTo("aws/us-east-1/us-east-1a");
    }

    @Test
    void blocksRuleOutTheirScopeAndReplanLiftsThem() {
        PlacementCursor c = new PlacementCursor(plan);
        c.next();
        c.apply(Next.BLOCK_CLOUD);
        assertThat(infra(c.next())).isEqualTo("gcp/us-central1/us-central1-a");
        c.apply(Next.BLOCK_REGION);
        assertThat(c.next()).isEmpty();
        assertThat(c.blockedList()).isEqualTo("aws, gcp/us-central1 blocked");

        c.replan(plan);
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1/us-east-1a");
        assertThat(c.blockedList()).isEqualTo("nothing blocked");
    }

    private static Placement perRegion(String region) {
        return new Placement("aws", region, Optional.empty(), "g5.xlarge", true, Optional.empty(), 4, 16, 0.5, 1, "test");
    }

    @Test
    void aZoneErrorOnAPlacementPerRegionBlocksTheZoneItNamesAndTheRegionIsTriedAgainElsewhere() {
        PlacementCursor c = new PlacementCursor(List.of(perRegion("us-east-1"), at("aws", "us-east-1", "us-east-1a"),
                perRegion("us-west-2")));
        c.next();
        assertThat(c.apply(Next.BLOCK_ZONE, Optional.of("us-east-1a"))).contains("zone aws/us-east-1/us-east-1a (g5.xlarge)");
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1");
        assertThat(c.avoidZones(perRegion("us-east-1"))).containsExactly("us-east-1a");
        assertThat(c.avoidZones(perRegion("us-west-2"))).isEmpty();

        c.apply(Next.BLOCK_ZONE, Optional.of("us-east-1b"));
        assertThat(infra(c.next())).isEqualTo("aws/us-east-1");
        assertThat(c.avoidZones(perRegion("us-east-1"))).containsExactly("us-east-1a", "us-east-1b");

        c.apply(Next.BLOCK_ZONE, Optional.of("us-east-1b"));
        assertThat(infra(c.next())).as("a zone named twice (the plug-in did not avoid it) blocks the region for the type")
                .isEqualTo("aws/us-west-2");
        assertThat(c.blockedList()).contains("aws/us-east-1/us-east-1a#g5.xlarge", "aws/us-east-1#g5.xlarge");
    }

    @Test
    void aZoneErrorNamingNoZoneOnAPlacementPerRegionBlocksTheRegionForTheType() {
        PlacementCursor c = new PlacementCursor(List.of(perRegion("us-east-1"), perRegion("us-west-2")));
        c.next();
        assertThat(c.apply(Next.BLOCK_ZONE, Optional.empty())).contains("zone aws/us-east-1 (g5.xlarge)");
        assertThat(infra(c.next())).isEqualTo("aws/us-west-2");
    }
}
