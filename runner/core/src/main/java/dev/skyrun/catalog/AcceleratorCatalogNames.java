package dev.skyrun.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accelerator names known beyond the offerings of one catalog: SkyPilot's
 * {@code common/accelerators.csv} when a catalog directory has one; the bundled snapshot uses
 * {@link AcceleratorNames#known()}, the one built-in list.
 */
final class AcceleratorCatalogNames {
    private AcceleratorCatalogNames() {}

    /** The names in {@code dir/common/accelerators.csv} (first column), or none without that file. */
    static List<String> read(Path dir) {
        Path file = dir.resolve("common").resolve("accelerators.csv");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            CsvScanner csv = new CsvScanner(Files.readAllBytes(file));
            List<String> names = new ArrayList<>();
            boolean header = true;
            while (csv.next()) {
                if (!header && !csv.blank(0)) {
                    names.add(csv.string(0));
                }
                header = false;
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
