package dev.skyrun.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.NodeOptions;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@code any_of}/{@code ordered} entry may carry its own {@code image_id} (text, a per-region mapping, or
 * {@code null} for the default), {@code ports} and {@code disk_tier}: every placement carries those of the entry it
 * came from, as SkyPilot gives each candidate its own resources.
 */
class AlternativeOptionsTest {
    private static final Catalog CATALOG = CatalogLoader.bundled(Selection.ALL);

    @TempDir
    Path tmp;

    private List<Placement> plan(String yaml) throws IOException {
        Path file = tmp.resolve("task.yaml");
        Files.writeString(file, yaml);
        TaskSpec task = (TaskSpec) SpecLoader.load(file, "task.yaml");
        return new Optimizer(PlanContext.of(CATALOG, List.of())).plan(task, new Location("task.yaml", 1, 1)).placements();
    }

    private static Set<Optional<String>> images(List<Placement> placements, String cloud) {
        return placements.stream().filter(p -> p.cloud().equals(cloud)).map(p -> p.options().orElseThrow().image())
                .collect(Collectors.toSet());
    }

    @Test
    void eachAlternativeRunsItsOwnImageAndNullMeansTheDefaultNotTheParents() throws IOException {
        List<Placement> placements = plan("""
                name: alternatives
                resources:
                  cpus: 4+
                  image_id: docker:acme/base:1
                  any_of:
                    - infra: aws
                      image_id: docker:acme/aws:2
                    - infra: gcp/us-central1
                      image_id: null
                    - infra: gcp/europe-west4
                run: echo
                """);

        assertThat(images(placements, "aws")).containsExactly(Optional.of("acme/aws:2"));
        assertThat(placements.stream().filter(p -> p.region().equals("us-central1")).map(p -> p.options().orElseThrow().image())
                .distinct()).containsExactly(Optional.empty());
        assertThat(placements.stream().filter(p -> p.region().equals("europe-west4")).map(p -> p.options().orElseThrow().image())
                .distinct()).containsExactly(Optional.of("acme/base:1"));
    }

    @Test
    void aPerRegionMappingInAnAlternativeLimitsItToThoseRegionsEachWithItsImage() throws IOException {
        List<Placement> placements = plan("""
                name: regional
                resources:
                  cpus: 4+
                  any_of:
                    - infra: aws
                      image_id: {us-east-1: docker:acme/east:1, us-west-2: docker:acme/west:1}
                    - infra: gcp/us-central1
                run: echo
                """);

        assertThat(placements.stream().filter(p -> p.cloud().equals("aws")).map(Placement::region).distinct())
                .containsExactlyInAnyOrder("us-east-1", "us-west-2");
        placements.stream().filter(p -> p.cloud().equals("aws")).forEach(p -> assertThat(p.options().orElseThrow().image())
                .contains(p.region().equals("us-east-1") ? "acme/east:1" : "acme/west:1"));
        assertThat(images(placements, "gcp")).containsExactly(Optional.empty());
    }

    @Test
    void theTasksOwnImageWinsOverEveryAlternative() throws IOException {
        List<Placement> placements = plan("""
                name: pinned-image
                image: acme/trainer:3
                resources:
                  cpus: 4+
                  any_of:
                    - {infra: aws, image_id: docker:acme/aws:2}
                    - {infra: gcp}
                run: echo
                """);

        assertThat(placements).extracting(p -> p.options().orElseThrow().image()).containsOnly(Optional.of("acme/trainer:3"));
    }

    @Test
    void portsAndDiskTierTravelWithTheirAlternative() throws IOException {
        List<Placement> placements = plan("""
                name: serving
                resources:
                  cpus: 4+
                  ports: [8080, '10000-10010']
                  disk_tier: high
                  any_of:
                    - {infra: aws, disk_tier: ultra}
                    - {infra: gcp, ports: 9000}
                run: echo
                """);

        NodeOptions aws = placements.stream().filter(p -> p.cloud().equals("aws")).findFirst().orElseThrow().options().orElseThrow();
        NodeOptions gcp = placements.stream().filter(p -> p.cloud().equals("gcp")).findFirst().orElseThrow().options().orElseThrow();
        assertThat(aws.ports()).containsExactly(new PortRange(8080, 8080), new PortRange(10000, 10010));
        assertThat(aws.diskTier()).contains(DiskTier.ULTRA);
        assertThat(gcp.ports()).containsExactly(new PortRange(9000, 9000));
        assertThat(gcp.diskTier()).contains(DiskTier.HIGH);
    }
}
