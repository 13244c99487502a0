package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --catalog DIR} checks the regions and zones a spec pins against DIR, the catalog it plans on, not
 * against the catalog the environment would choose: a region only DIR has plans, a region only the bundled snapshot
 * has is refused at its line, naming DIR's regions.
 */
class PlanCatalogPlacesTest {

    /** A SkyPilot-format catalog with one gcp region the bundled snapshot does not have. */
    private static Path catalog(Path dir) throws IOException {
        Path gcp = Files.createDirectories(dir.resolve("catalog/gcp"));
        Files.writeString(gcp.resolve("vms.csv"), """
                InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,Region,AvailabilityZone,Price,SpotPrice
                n1-standard-4,4,15,,,us-moon1,us-moon1-a,0.19,0.04
                """);
        return dir.resolve("catalog");
    }

    private static Path spec(Path dir, String infra) throws IOException {
        return Files.writeString(dir.resolve("pinned.yaml"), """
                name: pinned
                resources:
                  infra: %s
                  cpus: 4
                run: echo hi
                """.formatted(infra));
    }

    @Test
    void aRegionOnlyTheGivenCatalogHasIsPlannedThere(@TempDir Path dir) throws IOException {
        Path catalog = catalog(dir);
        CliRun run = CliRun.of("plan", spec(dir, "gcp/us-moon1").toString(), "--catalog", catalog.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).containsPattern("(?m)^ +1 +gcp/us-moon1/us-moon1-a +n1-standard-4 ");
    }

    @Test
    void aRegionTheGivenCatalogLacksIsRefusedAtItsLineNamingThatCatalogsRegions(@TempDir Path dir) throws IOException {
        Path catalog = catalog(dir);
        Path spec = spec(dir, "gcp/us-central1");
        assertThat(CliRun.of("plan", spec.toString(), "--catalog", "bundled").exit()).isZero();

        CliRun run = CliRun.of("plan", spec.toString(), "--catalog", catalog.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(spec + ":3:10")
                .contains("region 'us-central1' is not a region of gcp in the catalog")
                .contains("us-moon1");
    }

    @Test
    void planDiffChecksTheOldSideAgainstTheSameCatalog(@TempDir Path dir) throws IOException {
        Path catalog = catalog(dir);
        Path old = Files.writeString(dir.resolve("old.yaml"), Files.readString(spec(dir, "gcp/us-moon1")));
        CliRun run = CliRun.of("plan", spec(dir, "gcp/us-moon1").toString(), "--diff", old.toString(),
                "--catalog", catalog.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }
}
