package dev.skyrun.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes one cloud's offerings as a SkyPilot schema-v8 {@code <dir>/<cloud>/vms.csv}, as
 * {@code skyrun catalog refresh} does, so {@link CatalogLoader} (and SkyPilot) read it back.
 * The file is replaced atomically; a directory holding no other cloud's file is first given the
 * bundled snapshot's, so planning over it still sees every cloud.
 *
 * <pre>{@code
 * Path file = CatalogWriter.write(dir, "aws", offerings);   // dir/aws/vms.csv
 * }</pre>
 */
public final class CatalogWriter {

    /** The header written: SkyPilot v8's columns, AvailabilityZone last. */
    public static final String HEADER = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region,AvailabilityZone";

    private CatalogWriter() {}

    /** Writes {@code offerings} as {@code dir/cloud/vms.csv} and returns the file. */
    public static Path write(Path dir, String cloud, List<Offering> offerings) throws IOException {
        seedBundled(dir, cloud);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Offering o : offerings) {
            csv.append(String.join(",", o.instanceType(), o.acceleratorName().orElse(""),
                    o.acceleratorName().isPresent() ? number(o.acceleratorCount()) : "", number(o.vcpus()),
                    number(o.memoryGib()), number(o.onDemandPrice()),
                    o.spotPrice().isPresent() ? number(o.spotPrice().getAsDouble()) : "", o.region(), o.zone().orElse("")))
                    .append('\n');
        }
        return replace(dir.resolve(cloud).resolve("vms.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Gives a directory with no {@code vms.csv} the bundled snapshot of every cloud but {@code except}. */
    private static void seedBundled(Path dir, String except) throws IOException {
        if (!CatalogLoader.cloudsIn(dir).isEmpty()) {
            return;
        }
        for (String cloud : CatalogLoader.BUNDLED_CLOUDS) {
            if (!cloud.equals(except)) {
                replace(dir.resolve(cloud).resolve("vms.csv"), CatalogLoader.resource(cloud + "/vms.csv"));
            }
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code file}, then moves it over {@code file}, atomically where the file system can. */
    static Path replace(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".vms", ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static String number(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
