package dev.skyrun.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared SkyPilot catalog the benchmarks read in place: {@code SKYRUN_CATALOG_DIR}, else
 * {@code SKYRUN_SHARED_DIR/catalogs/skypilot}, else {@code shared/catalogs/skypilot} found walking
 * up from the working directory.
 */
final class SharedCatalog {
    private SharedCatalog() {}

    static Path dir() {
        String explicit = System.getenv("SKYRUN_CATALOG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String shared = System.getenv("SKYRUN_SHARED_DIR");
        if (shared != null && !shared.isBlank()) {
            return Path.of(shared, "catalogs", "skypilot");
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/catalogs/skypilot");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no shared/catalogs/skypilot found; set SKYRUN_SHARED_DIR");
    }
}
