package dev.skyrun.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the team's shared SkyPilot catalogs ({@code shared/catalogs/skypilot}), read in place and
 * never copied into the repo: {@code SKYRUN_SHARED_DIR}, else the first {@code shared} sibling
 * found walking up from the working directory.
 */
public final class SharedCatalogs {
    private SharedCatalogs() {}

    /** The shared catalog directory, if this machine has it. */
    public static Optional<Path> find() {
        String env = System.getenv("SKYRUN_SHARED_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve("catalogs/skypilot");
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/catalogs/skypilot");
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The shared catalog directory; skips the test where the machine lacks it. */
    public static Path require() {
        Optional<Path> p = find();
        Assumptions.assumeTrue(p.isPresent(), "shared/catalogs/skypilot not found (set SKYRUN_SHARED_DIR)");
        return p.get();
    }
}
