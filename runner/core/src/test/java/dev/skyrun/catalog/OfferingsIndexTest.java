package dev.skyrun.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-indexed binary catalog under the home's cache: a plan reads from it exactly what it
 * would read from the CSV files; it is rebuilt when a CSV changes and never trusted when damaged.
 */
class OfferingsIndexTest {

    private static final List<Selection> SELECTIONS = List.of(
            Selection.ALL,
            Selection.of(Set.of(), Set.of("H100"), false),
            Selection.of(Set.of(), Set.of(), true),
            Selection.of(Set.of("gcp"), Set.of("A100", "T4", "tpu-v4-8"), true),
            Selection.of(Set.of("aws", "lambda"), Set.of("a10g", "A100-80GB"), false));

    @TempDir
    Path tmp;

    @Test
    void everySelectionOfTheSharedCatalogReadsTheSameFromTheIndexAsFromTheCsv() {
        Path shared = SharedCatalogs.require();
        Optional<Path> cache = Optional.of(tmp.resolve("cache"));
        for (Selection s : SELECTIONS) {
            Catalog csv = CatalogLoader.load(shared, s, Optional.empty());
            Catalog building = CatalogLoader.load(shared, s, cache);
            Catalog indexed = CatalogLoader.load(shared, s, cache);

            assertThat(building.offerings()).isEqualTo(csv.offerings());
            assertThat(indexed.offerings()).isEqualTo(csv.offerings());
            assertThat(indexed.info()).isEqualTo(csv.info());
        }
        assertThat(indexFiles()).as("one index per cloud file").hasSize(CatalogLoader.cloudsIn(shared).size());
    }

    @Test
    void everyCloudsPlacesReadFromTheIndexHeaderAreThoseOfItsCsv() throws IOException {
        Path shared = SharedCatalogs.require();
        Path cache = tmp.resolve("cache");
        for (String cloud : CatalogLoader.cloudsIn(shared)) {
            var csv = CatalogLoader.placesOf(CatalogLoader.load(shared, Selection.clouds(Set.of(cloud)), Optional.empty())
                    .offerings());
            assertThat(CatalogLoader.places(shared, cloud, cache)).as(cloud + ", indexing").isEqualTo(csv);
            assertThat(CatalogLoader.places(shared, cloud, cache)).as(cloud + ", from the index").isEqualTo(csv);
        }
        assertThat(CatalogLoader.placesOf(CatalogLoader.load(shared, Selection.clouds(Set.of("gcp")), Optional.empty())
                .offerings())).containsKey("us-central1").extractingByKey("us-central1").asString().contains("us-central1-a");

        // an index of another format (the first one had no places) is never trusted, and is written again
        List<Path> files = indexFiles();
        assertThat(files).hasSize(CatalogLoader.cloudsIn(shared).size());
        byte[] sound = Files.readAllBytes(files.get(0));
        byte[] older = sound.clone();
        older["skyrun-offerings-".length()] = '1';
        Files.write(files.get(0), older);
        for (String cloud : CatalogLoader.cloudsIn(shared)) {
            CatalogLoader.places(shared, cloud, cache);
        }
        assertThat(Files.readAllBytes(files.get(0))).isEqualTo(sound);
    }

    @Test
    void aCsvWhoseDigestIsKnownIsReadFromItsIndexAndAChangedOneGetsANewIndex() throws IOException {
        Path dir = bundledCopy();
        Optional<Path> cache = Optional.of(tmp.resolve("cache"));
        Selection gpus = Selection.of(Set.of(), Set.of("A100", "V100"), true);
        List<Offering> before = CatalogLoader.load(dir, gpus, cache).offerings();
        Path csv = dir.resolve("aws/vms.csv");
        String text = Files.readString(csv);
        FileTime time = Files.getLastModifiedTime(csv);

        // same path, size and time: the digest remembered for it names its index, the CSV is not read
        Files.writeString(csv, text.replace(",A100,", ",Z100,"));
        Files.setLastModifiedTime(csv, time);
        List<Offering> remembered = CatalogLoader.load(dir, gpus, cache).offerings();
        // a changed file: read again, indexed under its new digest
        Files.setLastModifiedTime(csv, FileTime.fromMillis(time.toMillis() + 2000));
        Catalog changed = CatalogLoader.load(dir, gpus, cache);

        assertThat(remembered).isEqualTo(before);
        assertThat(changed.offerings()).isEqualTo(CatalogLoader.load(dir, gpus, Optional.empty()).offerings())
                .isNotEqualTo(before);
        assertThat(changed.offerings()).noneMatch(o -> o.cloud().equals("aws") && o.acceleratorName().equals(Optional.of("A100")));
        assertThat(indexFiles()).hasSize(CatalogLoader.cloudsIn(dir).size() + 1);
    }

    @Test
    void aDamagedIndexIsNeverTrustedAndIsWrittenAgain() throws IOException {
        Path dir = bundledCopy();
        Optional<Path> cache = Optional.of(tmp.resolve("cache"));
        Selection all = Selection.ALL;
        List<Offering> truth = CatalogLoader.load(dir, all, Optional.empty()).offerings();
        CatalogLoader.load(dir, all, cache);
        List<Path> files = indexFiles();
        byte[][] sound = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            sound[i] = Files.readAllBytes(files.get(i));
        }

        for (int at : new int[] {0, 25, 60, 120, -9, -200}) { // the magic, the header, the sections
            for (int i = 0; i < files.size(); i++) {
                byte[] bad = sound[i].clone();
                int p = at >= 0 ? Math.min(at, bad.length - 1) : bad.length + at;
                bad[p] ^= 0x5a;
                Files.write(files.get(i), bad);
            }
            assertThat(CatalogLoader.load(dir, all, cache).offerings()).as("byte " + at + " flipped").isEqualTo(truth);
            for (int i = 0; i < files.size(); i++) {
                assertThat(Files.readAllBytes(files.get(i))).as("rewritten").isEqualTo(sound[i]);
            }
        }
        for (Path f : files) {
            Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 40)); // cut short
        }
        assertThat(CatalogLoader.load(dir, all, cache).offerings()).isEqualTo(truth);
    }

    /** The bundled snapshot's cloud files, copied to a directory as a catalog of its own. */
    private Path bundledCopy() throws IOException {
        Path dir = tmp.resolve("catalog");
        for (String cloud : CatalogLoader.BUNDLED_CLOUDS) {
            Files.createDirectories(dir.resolve(cloud));
            Files.write(dir.resolve(cloud).resolve("vms.csv"), CatalogLoader.resource(cloud + "/vms.csv"));
        }
        return dir;
    }

    private List<Path> indexFiles() {
        Path dir = tmp.resolve("cache/offerings");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
