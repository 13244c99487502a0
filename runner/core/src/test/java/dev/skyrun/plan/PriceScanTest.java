package dev.skyrun.plan;

import static dev.skyrun.plan.Requests.res;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.catalog.SharedCatalogs;
import dev.skyrun.schema.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CPU-only requests on the shared catalogs plan the same through the price index
 * ({@link PriceScan}) as through the one-by-one filters: the same placements in the same order,
 * the same removal counts. A blocked place that matches nothing sends a request down the
 * one-by-one path, so the two answers can be compared.
 */
class PriceScanTest {
    private static final Location WHERE = new Location("task.yaml", 0, 0);
    private static Catalog catalog;

    @BeforeAll
    static void load() {
        catalog = CatalogLoader.load(SharedCatalogs.require(), Selection.ALL, Optional.empty());
    }

    static List<Requests> requests() {
        return List.of(res().cpus("8+").memory("32+"), res().cpus("8+").memory("32+").spot(true),
                res().cpus("4").memory("16").infra("gcp"), res().cpus("16+").memory("64+").infra("azure").spot(true),
                res().cpus("2"), res().memory("7.5"), res().spot(true), res().infra("gcp").cpus("4"),
                res().cpus("8+").maxCost(0.2), res().cpus("4").memory("16").maxCost(0.15).spot(true),
                res().cpus("96+").memory("1000+"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyCloudEnabled(Requests r) {
        assertSamePlans(PlanContext.of(catalog, List.of()), r);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void someCloudsEnabled(Requests r) {
        assertSamePlans(new PlanContext(catalog, List.of(), Set.of("gcp", "azure"), List.of()), r);
    }

    private static void assertSamePlans(PlanContext context, Requests r) {
        TaskPlan indexed = new Optimizer(context).plan(r.task(), WHERE);
        PlanContext oneByOne = context.blocking(List.of(BlockedPlacement.cloud("no-such-cloud")));
        TaskPlan filtered = new Optimizer(oneByOne).plan(r.task(), WHERE);
        assertThat(indexed.placements()).isNotEmpty();
        assertThat(indexed.removals()).isEqualTo(filtered.removals());
        assertThat(indexed.candidates()).isEqualTo(filtered.candidates());
        assertThat(new ArrayList<>(indexed.placements())).isEqualTo(new ArrayList<>(filtered.placements()));
    }
}
