package dev.skyrun.spec;

import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The regions and zones of each cloud of one catalog, so loading a spec can check {@code infra:}, {@code region:} and
 * {@code zone:} with their line numbers against the catalog the command plans on: {@code plan --catalog DIR} and
 * {@code launch --catalog DIR} check against DIR ({@link #at}); {@code validate} and loads without a command against
 * the catalog {@code plan} uses by default ({@link #forEnvironment}: {@code SKYRUN_CATALOG_DIR}, the refreshed catalog,
 * SkyPilot's cache, else the bundled snapshot). A cloud is read on first use and again only when its {@code vms.csv}
 * changes (a long-lived agent sees {@code skyrun catalog refresh}); a cloud the catalog does not have (kubernetes,
 * nebius, ...) is not checked. The bundled snapshot's places are read from
 * {@code places.tsv} beside it, which the build writes from its CSV files ({@link BundledPlaces}).
 */
public final class CatalogPlaces {

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

    /** A catalog directory (empty: the bundled snapshot) and where its offerings are pre-indexed (empty: nowhere). */
    private record Key(Optional<Path> dir, Optional<Path> cacheDir) {}

    private static final Map<Key, CatalogPlaces> BY_DIR = new ConcurrentHashMap<>();
    private static final CatalogPlaces ENVIRONMENT = forEnvironment(System.getenv());

    /** The catalog directory (empty: the bundled snapshot); null for an environment's catalog not yet located. */
    private volatile Optional<Path> dir;
    /** Where the catalog's offerings are pre-indexed, with each cloud's places ({@link CatalogLoader#places}). */
    private final Optional<Path> cacheDir;
    /** Locates an environment's catalog directory; null for a catalog given by its directory. */
    private final Supplier<Optional<Path>> locate;
    private final Map<String, Read> byCloud = new ConcurrentHashMap<>();

    /** A cloud's places as read from its file, which had {@code stamp} then. */
    private record Read(Places places, FileStamp stamp) {}

    /** A catalog file's modification time and size, or absent ({@code null} time) for the bundled snapshot. */
    private record FileStamp(FileTime modified, long size) {
        static FileStamp of(Optional<Path> dir, String cloud) {
            if (dir.isEmpty()) {
                return new FileStamp(null, 0);
            }
            try {
                BasicFileAttributes a = Files.readAttributes(dir.get().resolve(cloud).resolve("vms.csv"), BasicFileAttributes.class);
                return new FileStamp(a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return new FileStamp(FileTime.fromMillis(-1), -1); // gone: read again (and fail there, with its name)
            }
        }
    }

    private CatalogPlaces(Optional<Path> dir, Optional<Path> cacheDir, Supplier<Optional<Path>> locate) {
        this.dir = dir;
        this.cacheDir = cacheDir;
        this.locate = locate;
    }

    /**
     * The places of the catalog directory {@code dir} (empty for the bundled snapshot), read from the offerings
     * pre-indexed in {@code cacheDir} when a plan has indexed them there.
     */
    public static CatalogPlaces at(Optional<Path> dir, Optional<Path> cacheDir) {
        return BY_DIR.computeIfAbsent(new Key(dir, cacheDir), k -> new CatalogPlaces(k.dir(), k.cacheDir(), null));
    }

    /**
     * The places of the catalog {@code plan} uses when given none, in the environment {@code env} (the command's:
     * in the agent, the client's); located on first use, so a spec that pins no region reads no configuration.
     */
    public static CatalogPlaces forEnvironment(Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        return new CatalogPlaces(null, Optional.of(CatalogLoader.cacheDir(env, home)), () -> CatalogLoader.locate(Optional.empty(),
                SkyrunConfig.forProcess(env).environment(env), home).filter(java.nio.file.Files::isDirectory));
    }

    /** {@link #forEnvironment(Map)} of this process's environment. */
    public static CatalogPlaces forEnvironment() {
        return ENVIRONMENT;
    }

    /** {@code cloud}'s places, when the catalog has that cloud. */
    Optional<Places> of(String cloud) {
        CatalogPlaces c = located();
        if (!CatalogLoader.clouds(c.dir).contains(cloud)) {
            return Optional.empty();
        }
        FileStamp now = FileStamp.of(c.dir, cloud);
        return Optional.of(c.byCloud.compute(cloud, (k, read) -> read != null && read.stamp().equals(now) ? read
                : new Read(c.read(cloud), now)).places());
    }

    /** The places of the directory this catalog is: itself, or for an environment's, that of the located directory. */
    private CatalogPlaces located() {
        if (locate == null) {
            return this;
        }
        Optional<Path> d = dir;
        if (d == null) {
            d = locate.get();
            dir = d;
        }
        return at(d, cacheDir);
    }

    private Places read(String cloud) {
        if (dir.isEmpty()) {
            Optional<Places> bundled = BundledPlaces.read(cloud);
            if (bundled.isPresent()) {
                return bundled.get();
            }
        }
        return fromOfferings(dir, cacheDir, cloud);
    }

    /** {@code cloud}'s places in the catalog at {@code dir} (the bundled snapshot when empty), from its offerings. */
    static Places fromOfferings(Optional<Path> dir, String cloud) {
        return fromOfferings(dir, Optional.empty(), cloud);
    }

    private static Places fromOfferings(Optional<Path> dir, Optional<Path> cacheDir, String cloud) {
        if (dir.isPresent() && cacheDir.isPresent()) {
            return new Places(CatalogLoader.places(dir.get(), cloud, cacheDir.get()));
        }
        return new Places(CatalogLoader.placesOf(CatalogLoader.offerings(dir, Selection.clouds(Set.of(cloud)))));
    }
}
