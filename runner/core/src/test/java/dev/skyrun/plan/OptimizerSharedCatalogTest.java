package dev.skyrun.plan;

import static dev.skyrun.plan.Requests.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.catalog.SharedCatalogs;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizer on the shared SkyPilot catalogs (gcp, azure, lambda, vast; read in place).
 *
 * <p>Every expected choice below was worked out by hand from the CSVs, independently of this
 * code: with {@code awk -F,} on gcp/vms.csv (host row + accelerator row of the same zone, e.g.
 * {@code grep -E '^a2-highgpu-8g,.*us-central1-a' gcp/vms.csv}) and with a short Python
 * {@code csv.DictReader} script over all four files (vast's regions contain quoted commas),
 * sorting by price, then cloud, region, zone, instance type.
 */
class OptimizerSharedCatalogTest {
    private static final Location WHERE = new Location("task.yaml", 0, 0);
    private static Optimizer optimizer;

    @BeforeAll
    static void load() {
        Path dir = SharedCatalogs.require();
        Catalog catalog = CatalogLoader.load(dir, Selection.ALL, Optional.empty());
        optimizer = new Optimizer(PlanContext.of(catalog, List.of()));
    }

    private static TaskPlan plan(Requests r) {
        return optimizer.plan(r.task(), WHERE);
    }

    @Test
    void cheapestL4IsGcpG2Standard4InUsEast4() {
        // g2-standard-4 us-east4-a 0.14631 + L4:1 us-east4-a 0.55821 = 0.70452 (us-east4-c ties; a < c);
        // the next zones are us-central1-* at 0.14679 + 0.56004 = 0.70683.
        TaskPlan p = plan(res().acc("L4:1"));
        assertThat(p.best().infra()).isEqualTo("gcp/us-east4/us-east4-a");
        assertThat(p.best().instanceType()).isEqualTo("g2-standard-4");
        assertThat(p.best().pricePerNode()).isEqualTo(0.70452);
        assertThat(p.placements().get(1).infra()).isEqualTo("gcp/us-east4/us-east4-c");
        assertThat(p.placements().get(2).pricePerNode()).isEqualTo(0.70683);
        // 44 L4:1 zones x 5 G2 hosts (g2-standard-4/8/12/16/32) where both are sold = 220.
        assertThat(p.placements()).hasSize(220);
    }

    @Test
    void cheapestA100x8IsLambdaAndAllCloudsCompete() {
        // lambda gpu_8x_a100 15.92 in every lambda region, first by region name: asia-northeast-1.
        // gcp's best is europe-west4-a: a2-highgpu-8g 6.51251 + A100:8 12.90919 = 19.4217.
        TaskPlan p = plan(res().acc("A100:8"));
        assertThat(p.best().cloud()).isEqualTo("lambda");
        assertThat(p.best().instanceType()).isEqualTo("gpu_8x_a100");
        assertThat(p.best().region()).isEqualTo("asia-northeast-1");
        assertThat(p.best().pricePerNode()).isEqualTo(15.92);
        assertThat(p.placements()).extracting(Placement::cloud).contains("gcp", "azure");
        assertThat(p.placements()).filteredOn(x -> x.cloud().equals("gcp")).first()
                .satisfies(x -> assertThat(x.infra()).isEqualTo("gcp/europe-west4/europe-west4-a"))
                .satisfies(x -> assertThat(x.pricePerNode()).isEqualTo(19.4217));
        assertThat(p.placements()).hasSize(41);
    }

    @Test
    void cheapestH100x8SpotIsGcpEuropeNorth1() {
        // a3-highgpu-8g europe-north1-c spot: host + H100:8 spot = 9.37674; azure's
        // Standard_ND96isr_H100_v5 spot is 18.169536. Lambda and vast sell no spot.
        TaskPlan p = plan(res().acc("H100:8").spot(true));
        assertThat(p.best().infra()).isEqualTo("gcp/europe-north1/europe-north1-c");
        assertThat(p.best().instanceType()).isEqualTo("a3-highgpu-8g");
        assertThat(p.best().spot()).isTrue();
        assertThat(p.best().pricePerNode()).isEqualTo(9.37674);
        assertThat(p.placements()).allMatch(Placement::spot).hasSize(47);
        assertThat(p.removals()).anySatisfy(r -> {
            assertThat(r.filter()).isEqualTo(Filter.USE_SPOT);
            assertThat(r.reason()).contains("use_spot true: removed").contains("no spot price");
        });
    }

    @Test
    void tpuV5litepod8IsATpuVmPricedOnItsOwn() {
        // ,,,tpu-v5litepod-8,1,...,us-central1,us-central1-a,9.6,2.05738: the cheapest (9.6 in
        // us-central1, us-east1, us-east5, ...), first by region name; a TPU VM has no host.
        TaskPlan p = plan(res().acc("tpu-v5litepod-8"));
        assertThat(p.best().infra()).isEqualTo("gcp/us-central1/us-central1-a");
        assertThat(p.best().instanceType()).isEqualTo("TPU-VM");
        assertThat(p.best().pricePerNode()).isEqualTo(9.6);
        assertThat(p.placements()).hasSize(26);
        // tpu-v5e-8 is the same TPU under its other name.
        assertThat(plan(res().acc("TPU-V5E-8")).best()).isEqualTo(p.best());
    }

    @Test
    void cpus8PlusMemory32PlusIsTheCheapestCpuTypeAnywhere() {
        // azure Standard_F8ams_v6 (8 vCPU, 64 GiB) in newzealandnorth at 0.0898 beats
        // Standard_B8ps_v2 (8, 32) at 0.179; 61,998 CPU-only offerings qualify.
        TaskPlan p = plan(res().cpus("8+").memory("32+"));
        assertThat(p.best().cloud()).isEqualTo("azure");
        assertThat(p.best().instanceType()).isEqualTo("Standard_F8ams_v6");
        assertThat(p.best().region()).isEqualTo("newzealandnorth");
        assertThat(p.best().pricePerNode()).isEqualTo(0.0898);
        assertThat(p.placements()).hasSize(61998).allMatch(x -> x.accelerator().isEmpty());
        assertThat(p.placements()).allMatch(x -> x.vcpus() >= 8 && x.memoryGib() >= 32);
        // Read in any order, the list is the same total order: price, then cloud, region, zone, type.
        Placement last = p.placements().get(61997);
        java.util.List<Placement> all = new java.util.ArrayList<>(p.placements());
        assertThat(all.get(61997)).isEqualTo(last);
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparingDouble(Placement::pricePerNode)
                .thenComparing(Placement::cloud).thenComparing(Placement::region)
                .thenComparing(x -> x.zone().orElse("")).thenComparing(Placement::instanceType));
        // Read front to back (chunk boundaries fall inside runs of equal prices): the same list.
        assertThat(new java.util.ArrayList<>(plan(res().cpus("8+").memory("32+")).placements())).isEqualTo(all);
    }

    @Test
    void regionPinnedGcpGpuIsHostPlusAcceleratorPrice() {
        // a2-highgpu-8g us-central1-a 5.91582 + A100:8 us-central1-a 23.47126 = 29.38708 (spot 2.958 + 11.4728).
        TaskPlan p = plan(res().acc("A100:8").infra("gcp/us-central1"));
        assertThat(p.placements()).extracting(Placement::infra).containsExactly(
                "gcp/us-central1/us-central1-a", "gcp/us-central1/us-central1-b",
                "gcp/us-central1/us-central1-c", "gcp/us-central1/us-central1-f");
        assertThat(p.best().pricePerNode()).isEqualTo(29.38708);
        assertThat(plan(res().acc("A100:8").infra("gcp/us-central1").spot(true)).best().pricePerNode())
                .isEqualTo(14.4308);
        assertThat(p.removals()).extracting(Removal::filter).contains(Filter.CLOUD, Filter.REGION);
    }

    @Test
    void n1HostsRespectComputeEnginesPerGpuLimits() {
        // n1-standard-1 us-central1-a 0.0475 + T4:1 0.35 = 0.3975. V100:1 allows at most 12 vCPUs, 78 GB.
        TaskPlan t4 = plan(res().acc("T4:1").infra("gcp"));
        assertThat(t4.best().instanceType()).isEqualTo("n1-standard-1");
        assertThat(t4.best().pricePerNode()).isEqualTo(0.3975);
        TaskPlan v100 = plan(res().acc("V100:1").infra("gcp"));
        assertThat(v100.placements()).isNotEmpty()
                .allMatch(x -> x.vcpus() <= 12 && x.memoryGib() <= 78 && x.instanceType().startsWith("n1-"));
    }

    @Test
    void cloudPinnedPicksWithinThatCloud() {
        // azure Standard_ND96asr_v4 27.197 in eastus and westus2 (tie: eastus first).
        TaskPlan p = plan(res().acc("A100:8").infra("azure"));
        assertThat(p.best().instanceType()).isEqualTo("Standard_ND96asr_v4");
        assertThat(p.best().region()).isEqualTo("eastus");
        assertThat(p.placements().get(1).region()).isEqualTo("westus2");
        assertThat(p.placements()).allMatch(x -> x.cloud().equals("azure")).hasSize(5);
    }

    @Test
    void orderedKeepsTheUsersOrderAndAnyOfGoesByPrice() {
        TaskPlan ordered = plan(res().accOrdered("A100:8", "L4:1"));
        TaskPlan any = plan(res().accAny("A100:8", "L4:1"));
        assertThat(ordered.best().accelerator().orElseThrow().toString()).isEqualTo("A100:8");
        assertThat(ordered.placements().get(41).accelerator().orElseThrow().toString()).isEqualTo("L4:1");
        assertThat(any.best().accelerator().orElseThrow().toString()).isEqualTo("L4:1");
        assertThat(any.best().pricePerNode()).isEqualTo(0.70452);
        assertThat(any.placements()).hasSize(ordered.placements().size());
    }

    @Test
    void spotWithOnDemandFallbackAndNodesMultiplyCost() {
        // A100:8: the cheapest spot is azure eastus 5.98334; lambda on demand 15.92 still follows.
        Requests r = res().acc("A100:8").anyOf(res().spot(true), res().spot(false));
        TaskPlan p = optimizer.plan(r.task(2), WHERE);
        assertThat(p.best().spot()).isTrue();
        assertThat(p.best().pricePerNode()).isEqualTo(5.98334);
        assertThat(p.best().pricePerHour()).isEqualTo(5.98334 * 2);
        assertThat(p.placements()).anyMatch(x -> !x.spot() && x.pricePerNode() == 15.92);
        assertThat(p.placements()).hasSize(24 + 41);
    }

    @Test
    void infeasibleCountNamesTheCountsOffered() {
        assertThatThrownBy(() -> plan(res().acc("H100:16")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("task.yaml: H100:16 is not offered; H100 comes in 1, 2, 8 on azure; "
                        + "1, 2, 4, 8 on gcp, lambda, vast (ask for one of those counts per node, or more nodes (num_nodes))");
    }

    @Test
    void unknownAcceleratorSuggestsNames() {
        assertThatThrownBy(() -> plan(res().acc("H10:8")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown accelerator 'H10'")
                .hasMessageContaining("did you mean H100");
    }

    @Test
    void infeasibleRegionNamesWhereItIsOffered() {
        // H200:8 on gcp: a3-ultragpu-8g + H200:8 in 9 zones (grep -E '^,,,H200' gcp/vms.csv), not in us-west2.
        assertThatThrownBy(() -> plan(res().acc("H200:8").infra("gcp/us-west2")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not offered in that region; offered in gcp/asia-south1, gcp/asia-south2, "
                        + "gcp/europe-west1, gcp/europe-west4, gcp/us-central1, gcp/us-east4, gcp/us-east5, "
                        + "gcp/us-south1, gcp/us-west1 (")
                .hasMessageContaining("pin one of those places");
    }
}
