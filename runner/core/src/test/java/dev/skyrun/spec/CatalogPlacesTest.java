package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's pinned region is checked against the catalog it is loaded for, and that catalog's places follow its
 * file: a long-lived process (the agent) that checked a spec before {@code skyrun catalog refresh} added a region
 * accepts the region after it, without a restart.
 */
class CatalogPlacesTest {

    private static final String HEADER = "InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,Region,"
            + "AvailabilityZone,Price,SpotPrice\n";

    private static void writeCatalog(Path dir, String region, Instant modified) throws IOException {
        Path file = Files.createDirectories(dir.resolve("gcp")).resolve("vms.csv");
        Files.writeString(file, HEADER + "n1-standard-4,4,15,,," + region + "," + region + "-a,0.19,0.04\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static Spec load(Path spec, Path catalog) {
        return SpecLoader.load(spec, spec.toString(), Map.of(), CatalogPlaces.at(Optional.of(catalog), Optional.empty()));
    }

    @Test
    void aRegionTheCatalogGainsIsAcceptedOnceItsFileChanges(@TempDir Path dir) throws IOException {
        Path catalog = dir.resolve("catalog");
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        writeCatalog(catalog, "us-moon1", then);
        Path spec = Files.writeString(dir.resolve("t.yaml"), "name: t\nresources:\n  infra: gcp/us-moon2\nrun: echo hi\n");

        assertThatThrownBy(() -> load(spec, catalog)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("region 'us-moon2' is not a region of gcp in the catalog")
                .hasMessageContaining("us-moon1");

        writeCatalog(catalog, "us-moon2", then.plusSeconds(60)); // what a refresh does to the file
        assertThat(load(spec, catalog).name()).isEqualTo("t");
    }

    @Test
    void theSameSpecIsCheckedAgainstEachCatalogItIsLoadedFor(@TempDir Path dir) throws IOException {
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        writeCatalog(dir.resolve("a"), "us-moon1", then);
        writeCatalog(dir.resolve("b"), "us-moon2", then);
        Path spec = Files.writeString(dir.resolve("t.yaml"), "name: t\nresources:\n  infra: gcp/us-moon1\nrun: echo hi\n");

        assertThat(load(spec, dir.resolve("a")).name()).isEqualTo("t");
        assertThatThrownBy(() -> load(spec, dir.resolve("b"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(spec + ":3:10");
    }
}
