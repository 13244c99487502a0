package dev.skyrun.cli;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.spec.CatalogPlaces;
import dev.skyrun.catalog.Selection;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.SkyrunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --catalog DIR}: which catalog a command plans against. Without it:
 * {@code catalog} of the config ({@code SKYRUN_CATALOG_DIR}, config files), then what {@code skyrun catalog refresh} wrote ({@code $SKYRUN_HOME/catalogs}), then SkyPilot's cache {@code ~/.sky/catalogs/v8}, then the
 * snapshot bundled in the jar ({@code --catalog bundled} picks that one). Add it with {@code @Mixin CatalogOptions catalog;}.
 */
public final class CatalogOptions {

    private final CommandContext context;

    CatalogOptions(CommandContext context) {
        this.context = context;
    }

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "SkyPilot v8 catalog directory (<cloud>/vms.csv), or 'bundled' for the snapshot in the jar; "
                    + "default: $SKYRUN_CATALOG_DIR, $SKYRUN_HOME/catalogs (skyrun catalog refresh), ~/.sky/catalogs/v8, else the bundled snapshot.")
    Path dir;

    /** {@link #chosen()}, once located: a command's catalog load, clouds and places check locate it once. */
    private Optional<Path> chosen;

    /** Loads the part of the chosen catalog that {@code selection} names. */
    public Catalog load(Selection selection) {
        return CatalogLoader.load(chosen(), selection, Optional.of(cacheDir()));
    }

    /** The clouds of the chosen catalog, in name order (no file is read). */
    public List<String> clouds() {
        return CatalogLoader.clouds(chosen());
    }

    /** The regions and zones of the chosen catalog, which a spec's {@code infra:}, {@code region:} and {@code zone:} are checked against. */
    public CatalogPlaces places() {
        return CatalogPlaces.at(chosen(), Optional.of(cacheDir()));
    }

    /** The chosen catalog directory; empty for the bundled snapshot. */
    private Optional<Path> chosen() {
        if (chosen == null) {
            chosen = locate();
        }
        return chosen;
    }

    private Optional<Path> locate() {
        if (dir != null && dir.toString().equals(CatalogLoader.BUNDLED)) {
            return Optional.empty();
        }
        Map<String, String> env = context.env();
        Optional<Path> found = CatalogLoader.locate(Optional.ofNullable(dir), SkyrunConfig.forProcess(env).environment(env),
                Path.of(System.getProperty("user.home")));
        found.ifPresent(d -> {
            if (!java.nio.file.Files.isDirectory(d)) {
                throw new InvalidInputException("catalog directory " + d + " does not exist");
            }
        });
        return found;
    }

    /** Where catalog digests and indexes are remembered, in the command's environment. */
    private Path cacheDir() {
        return CatalogLoader.cacheDir(context.env(), Path.of(System.getProperty("user.home")));
    }
}
