package dev.skyrun.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accelerator names known beyond the offerings of one catalog: SkyPilot's
 * {@code common/accelerators.csv} when a catalog directory has one, and a built-in list of the
 * accelerators the major clouds sell (used with the bundled snapshot).
 */
final class AcceleratorCatalogNames {
    /** Accelerators sold by AWS, GCP, Azure, Lambda and the GPU marketplaces, as SkyPilot spells them. */
    static final List<String> BUILT_IN = List.of(
            "A10", "A10G", "A100", "A100-80GB", "A30", "A40", "A6000", "B200", "GB200", "GH200", "Gaudi",
            "Gaudi2", "H100", "H100-MEGA", "H100-NVL", "H200", "Inferentia", "Inferentia2", "K80", "L4", "L40",
            "L40S", "M60", "MI300X", "P100", "P4", "RTX4090", "RTX6000", "RTX6000-Ada", "T4", "T4g", "Trainium",
            "Trainium2", "V100", "V100-32GB",
            "tpu-v2-8", "tpu-v3-8", "tpu-v4-8", "tpu-v5litepod-1", "tpu-v5litepod-4", "tpu-v5litepod-8",
            "tpu-v5litepod-16", "tpu-v5p-8", "tpu-v6e-1", "tpu-v6e-4", "tpu-v6e-8", "tpu-v6e-16");

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
