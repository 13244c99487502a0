package dev.skyrun.spec;

import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Offering;
import dev.skyrun.catalog.Selection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions and zones of each cloud of the catalog {@code plan} uses ({@code SKYRUN_CATALOG_DIR}, the refreshed
 * catalog, SkyPilot's cache, else the bundled snapshot), so {@code validate} can check {@code infra:},
 * {@code region:} and {@code zone:} with their line numbers. A cloud is read once per process, on first use;
 * a cloud the catalog does not have (kubernetes, nebius, ...) is not checked. The bundled snapshot's places are
 * read from {@code places.tsv} beside it, which the build writes from its CSV files ({@link BundledPlaces}).
 */
final class CatalogPlaces {

    /**
     * One cloud's places.
     *
     * @param zones the zones of each region (empty for regions without zones)
     */
    record Places(Map<String, SortedSet<String>> zones) {
        SortedSet<String> regions() {
            return new TreeSet<>(zones.keySet());
        }

        SortedSet<String> allZones() {
            SortedSet<String> out = new TreeSet<>();
            zones.values().forEach(out::addAll);
            return out;
        }
    }

    private static final Map<String, Places> BY_CLOUD = new ConcurrentHashMap<>();
    private static volatile Optional<Path> dir;
    private static volatile List<String> clouds;

    private CatalogPlaces() {}

    /** The clouds the catalog has. */
    static List<String> clouds() {
        if (clouds == null) {
            clouds = CatalogLoader.clouds(dir());
        }
        return clouds;
    }

    /** {@code cloud}'s places, when the catalog has that cloud. */
    static Optional<Places> of(String cloud) {
        if (!clouds().contains(cloud)) {
            return Optional.empty();
        }
        return Optional.of(BY_CLOUD.computeIfAbsent(cloud, CatalogPlaces::read));
    }

    private static Places read(String cloud) {
        Optional<Path> d = dir();
        if (d.isEmpty()) {
            Optional<Places> bundled = BundledPlaces.read(cloud);
            if (bundled.isPresent()) {
                return bundled.get();
            }
        }
        return fromOfferings(d, cloud);
    }

    /** {@code cloud}'s places in the catalog at {@code dir} (the bundled snapshot when empty), from its offerings. */
    static Places fromOfferings(Optional<Path> dir, String cloud) {
        Map<String, SortedSet<String>> zones = new TreeMap<>();
        for (Offering o : CatalogLoader.offerings(dir, Selection.clouds(Set.of(cloud)))) {
            SortedSet<String> z = zones.computeIfAbsent(o.region(), r -> new TreeSet<>());
            o.zone().ifPresent(z::add);
        }
        return new Places(zones);
    }

    private static Optional<Path> dir() {
        Optional<Path> d = dir;
        if (d == null) {
            d = CatalogLoader.locate(Optional.empty(), SkyrunConfig.forProcess(System.getenv()).environment(System.getenv()),
                            Path.of(System.getProperty("user.home")))
                    .filter(java.nio.file.Files::isDirectory);
            dir = d;
        }
        return d;
    }
}
