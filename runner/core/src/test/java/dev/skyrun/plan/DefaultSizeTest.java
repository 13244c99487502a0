package dev.skyrun.plan;

import static dev.skyrun.plan.Requests.res;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.Location;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A task that asks for no size gets SkyPilot's default node (8+ vCPUs, 32+ GiB), not the cheapest of any size. */
class DefaultSizeTest {
    private static final Catalog CATALOG = Catalog.of(new CatalogInfo("test", "test", "0".repeat(64)), List.of(
            cpu("aws", "t3.micro", 2, 1, 0.0104),
            cpu("aws", "m6i.xlarge", 4, 16, 0.192),
            cpu("aws", "m6i.2xlarge", 8, 32, 0.384),
            cpu("aws", "r6i.2xlarge", 8, 64, 0.504)));

    private static Offering cpu(String cloud, String type, double vcpus, double mem, double od) {
        return new Offering(cloud, type, Optional.empty(), 0, vcpus, mem, od, OptionalDouble.empty(), "us-east-1",
                Optional.empty());
    }

    private static TaskPlan plan(PlanContext ctx, Requests r) {
        return new Optimizer(ctx).plan(r.task(), new Location("t.yaml", 1, 1));
    }

    @Test
    void noResourcesMeansEightVcpusAndThirtyTwoGib() {
        TaskPlan p = plan(PlanContext.of(CATALOG, List.of()), res());
        assertThat(p.placements()).extracting(Placement::instanceType).startsWith("m6i.2xlarge", "r6i.2xlarge")
                .doesNotContain("t3.micro", "m6i.xlarge");
    }

    @Test
    void anyAskedSizeReplacesTheDefault() {
        TaskPlan p = plan(PlanContext.of(CATALOG, List.of()), res().cpus("2+"));
        assertThat(p.placements().get(0).instanceType()).isEqualTo("t3.micro");
    }

    @Test
    void theLocalMachineIsTakenAsItIs() {
        TaskPlan p = plan(PlanContext.of(CATALOG, List.of(LocalOffering.of(2, 4, Optional.empty(), 0))), res().infra("local"));
        assertThat(p.placements()).extracting(Placement::cloud).containsExactly("local");
    }
}
