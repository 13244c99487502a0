package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offerings a cloud lists of its own (a Kubernetes cluster's nodes, no catalog has them) are
 * planned with the catalog's: a spec pinning {@code k8s/CONTEXT} runs there, a spec open to every
 * cloud ranks the cluster's free offer first, and they are read once per planner.
 */
class OwnOffersPlanTest {

    @TempDir
    Path tmp;

    private static final Catalog CATALOG = Catalog.of(new CatalogInfo("test", "test", "0".repeat(64)), List.of(
            new Offering("gcp", "g2-standard-4", Optional.of("L4"), 1, 4, 16, 0.70, OptionalDouble.of(0.28), "us-central1",
                    Optional.of("us-central1-a"))));

    private static final List<Offering> CLUSTER = List.of(
            new Offering("kubernetes", "8CPU--32GB--1xL4", Optional.of("L4"), 1, 8, 32, 0, OptionalDouble.empty(), "gke-ml", Optional.empty()),
            new Offering("kubernetes", "8CPU--32GB--2xL4", Optional.of("L4"), 2, 8, 32, 0, OptionalDouble.empty(), "gke-ml", Optional.empty()));

    @Test
    void aSpecPinningAContextIsPlacedOnTheClustersNodes() throws Exception {
        List<Placement> plan = plan("""
                name: train
                resources:
                  infra: k8s/gke-ml
                  accelerators: L4:2
                run: python train.py
                """, new AtomicInteger());
        assertThat(plan).extracting(Placement::infra, Placement::instanceType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kubernetes/gke-ml", "8CPU--32GB--2xL4"));
    }

    @Test
    void theClusterCompetesWithTheCatalogAndIsReadOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        List<Placement> plan = plan("""
                name: train
                resources:
                  accelerators: L4:1
                run: python train.py
                """, reads);
        assertThat(plan).extracting(Placement::infra).containsExactly("kubernetes/gke-ml", "gcp/us-central1/us-central1-a");
        assertThat(reads).hasValue(1);
    }

    private List<Placement> plan(String yaml, AtomicInteger reads) throws Exception {
        Path file = tmp.resolve("task.yaml");
        Files.writeString(file, yaml);
        TaskSpec task = (TaskSpec) SpecLoader.load(file);
        PlanInputs inputs = PlanInputs.offline(selection -> CATALOG).withOwnOfferings(OwnOffers.offerings(() -> {
            reads.incrementAndGet();
            return CLUSTER.stream().map(o -> new dev.skyrun.cloud.LiveOffer(o, 4, 3)).toList();
        }));
        LaunchPlanner planner = new LaunchPlanner(Optional.of(task), Location.of(file), Optional.empty(), inputs);
        planner.plan();
        return planner.plan(task, Optional.empty());
    }
}
