package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.catalog.CatalogLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BundledPlacesTest {

    @Test
    void theBuildWritesThePlacesOfTheBundledCsvFiles() throws IOException {
        try (InputStream in = BundledPlaces.class.getResourceAsStream("/dev/skyrun/catalog/bundled/places.tsv")) {
            assertThat(in).as("places.tsv written by the build (exec bundled-places)").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(BundledPlaces.text());
        }
        assertThat(BundledPlaces.text()).contains("gcp\tus-central1\tus-central1-a,");
    }

    @Test
    void eachCloudReadsTheSamePlacesAsFromItsOfferings() {
        for (String cloud : CatalogLoader.clouds(Optional.empty())) {
            CatalogPlaces.Places fromCsv = CatalogPlaces.fromOfferings(Optional.empty(), cloud);
            assertThat(fromCsv.zones()).as(cloud).isNotEmpty();
            assertThat(BundledPlaces.read(cloud)).as(cloud).contains(fromCsv);
        }
        assertThat(BundledPlaces.read("kubernetes")).contains(new CatalogPlaces.Places(java.util.Map.of()));
    }
}
