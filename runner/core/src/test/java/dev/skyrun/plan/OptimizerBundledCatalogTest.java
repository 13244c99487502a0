package dev.skyrun.plan;

import static dev.skyrun.plan.Requests.res;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planning offline on the snapshot inside the jar (prices from make_bundled.py's table). */
class OptimizerBundledCatalogTest {
    private static final Catalog CATALOG = CatalogLoader.bundled(Selection.ALL);
    private static final Optimizer OPTIMIZER = new Optimizer(PlanContext.of(CATALOG, List.of()));
    private static final Location WHERE = new Location("task.yaml", 0, 0);

    @Test
    void bundledCatalogCoversTheSixCloudsAndNamesItself() {
        assertThat(CATALOG.clouds()).containsExactly("aws", "azure", "gcp", "lambda", "sagemaker", "vertex");
        assertThat(CATALOG.info().source()).isEqualTo("bundled");
        assertThat(CATALOG.info().version()).startsWith("bundled-");
        assertThat(CATALOG.info().sha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void trainiumAndInferentiaArePlannedOnAws() {
        // trn1.32xlarge 21.50 and trn1n.32xlarge 24.78 in us-east-1; us-east-1 sorts first among equal prices.
        TaskPlan trn = OPTIMIZER.plan(res().acc("trainium:16").task(), WHERE);
        assertThat(trn.best().infra()).isEqualTo("aws/us-east-1");
        assertThat(trn.best().instanceType()).isEqualTo("trn1.32xlarge");
        assertThat(trn.best().pricePerNode()).isEqualTo(21.5);
        TaskPlan inf = OPTIMIZER.plan(res().acc("Inferentia2:1").task(), WHERE);
        assertThat(inf.best().instanceType()).isEqualTo("inf2.xlarge");
        TaskPlan trn2 = OPTIMIZER.plan(res().acc("trn2:16").task(), WHERE);
        assertThat(trn2.best().instanceType()).isEqualTo("trn2.48xlarge");
        assertThat(trn2.best().infra()).isEqualTo("aws/us-east-2");
    }

    @Test
    void gcpGpusAndTpusComeFromHostPlusAcceleratorRows() {
        // g2-standard-4 host 0.14679 + L4 0.56004 = 0.70683 in us-central1-a; cheaper than g6.xlarge 0.8048.
        TaskPlan l4 = OPTIMIZER.plan(res().acc("L4").task(), WHERE);
        assertThat(l4.best().infra()).isEqualTo("gcp/us-central1/us-central1-a");
        assertThat(l4.best().pricePerNode()).isEqualTo(0.70683);
        TaskPlan tpu = OPTIMIZER.plan(res().acc("tpu-v5litepod-8").task(), WHERE);
        assertThat(tpu.best().instanceType()).isEqualTo("TPU-VM");
        assertThat(tpu.best().pricePerNode()).isEqualTo(9.6);
    }

    @Test
    void vertexPlansWhenPinnedAndCostsMoreThanComputeEngineOtherwise() {
        // Vertex AI custom training: ct5lp-hightpu-4t (tpu-v5litepod-4) 5.52 on demand, 2.208 spot in us-central1.
        TaskPlan pinned = OPTIMIZER.plan(res().infra("vertex/us-central1").acc("tpu-v5litepod-4").spot(true).task(), WHERE);
        assertThat(pinned.best().infra()).isEqualTo("vertex/us-central1");
        assertThat(pinned.best().instanceType()).isEqualTo("ct5lp-hightpu-4t");
        assertThat(pinned.best().spot()).isTrue();
        assertThat(pinned.best().pricePerNode()).isEqualTo(2.208);
        TaskPlan a100 = OPTIMIZER.plan(res().infra("vertex").acc("A100:8").task(), WHERE);
        assertThat(a100.placements()).extracting(Placement::instanceType).containsOnly("a2-highgpu-8g");
        assertThat(a100.placements()).extracting(Placement::region).contains("us-central1", "europe-west4");
        TaskPlan open = OPTIMIZER.plan(res().acc("tpu-v5litepod-4").task(), WHERE);
        assertThat(open.best().cloud()).isEqualTo("gcp");
        assertThat(open.placements()).extracting(Placement::cloud).contains("vertex");
    }

    @Test
    void sageMakerIsWeighedAgainstEc2AndVertex() {
        // SageMaker training ml.trn1.32xlarge 24.725 vs EC2 trn1.32xlarge 21.50 in us-east-1; spot 7.4175 vs 6.45.
        TaskPlan pinned = OPTIMIZER.plan(res().infra("sagemaker/us-east-1").acc("Trainium:16").spot(true).task(), WHERE);
        assertThat(pinned.best().infra()).isEqualTo("sagemaker/us-east-1");
        assertThat(pinned.best().instanceType()).isEqualTo("ml.trn1.32xlarge");
        assertThat(pinned.best().pricePerNode()).isEqualTo(7.4175);
        TaskPlan trn = OPTIMIZER.plan(res().acc("Trainium:16").task(), WHERE);
        assertThat(trn.best().cloud()).isEqualTo("aws");
        assertThat(trn.placements()).extracting(Placement::instanceType).contains("trn1.32xlarge", "ml.trn1.32xlarge");
        TaskPlan a100 = OPTIMIZER.plan(res().acc("A100:8").task(), WHERE);
        assertThat(a100.placements()).extracting(Placement::cloud).contains("aws", "sagemaker", "vertex");
    }
}
