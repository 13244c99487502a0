package dev.skyrun.catalog;

import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds and reads a catalog: {@code --catalog DIR}, else {@code SKYRUN_CATALOG_DIR}, else the one
 * {@code skyrun catalog refresh} wrote ({@code $SKYRUN_HOME/catalogs}), else SkyPilot's cache
 * {@code ~/.sky/catalogs/v8}, else the snapshot bundled in the jar.
 *
 * <p>A catalog directory holds one {@code <cloud>/vms.csv} per cloud (SkyPilot schema v8).
 */
public final class CatalogLoader {
    /** The environment variable naming a catalog directory. */
    public static final String ENV = "SKYRUN_CATALOG_DIR";
    /** The {@link CatalogInfo#source()} of the bundled snapshot. */
    public static final String BUNDLED = "bundled";
    private static final String BUNDLED_ROOT = "/dev/skyrun/catalog/bundled/";
    static final List<String> BUNDLED_CLOUDS = List.of("aws", "azure", "gcp", "lambda", "sagemaker", "vertex");

    private CatalogLoader() {}

    /**
     * The catalog directory to use, if any: the flag, the environment variable, the refreshed
     * catalog, or SkyPilot's cache under {@code home}, the latter two when they have a
     * {@code vms.csv}. Empty means the bundled snapshot.
     */
    public static Optional<Path> locate(Optional<Path> flag, Map<String, String> env, Path home) {
        if (flag.isPresent()) {
            return flag;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        Path refreshed = refreshedDir(env, home);
        if (!cloudsIn(refreshed).isEmpty()) {
            return Optional.of(refreshed);
        }
        Path sky = home.resolve(".sky/catalogs/v8");
        return cloudsIn(sky).isEmpty() ? Optional.empty() : Optional.of(sky);
    }

    /** The clouds a catalog has, in name order: those of {@code dir}, or of the bundled snapshot when empty. */
    public static List<String> clouds(Optional<Path> dir) {
        return dir.map(CatalogLoader::cloudsIn).orElse(BUNDLED_CLOUDS);
    }

    /**
     * Where {@code skyrun catalog refresh} writes by default: {@code $SKYRUN_HOME/catalogs}, else
     * {@code ~/.skyrun/catalogs}.
     */
    public static Path refreshedDir(Map<String, String> env, Path home) {
        String skyrunHome = env.get("SKYRUN_HOME");
        return (skyrunHome == null || skyrunHome.isBlank() ? home.resolve(".skyrun") : Path.of(skyrunHome)).resolve("catalogs");
    }

    /**
     * Loads the part {@code selection} names of the catalog {@link #locate} found, or of the
     * bundled snapshot when {@code dir} is empty. File digests are remembered in
     * {@code cacheDir} (keyed by path, size and modification time) when one is given, and each
     * cloud's offerings pre-indexed there by its file's digest ({@link OfferingsIndex}).
     */
    public static Catalog load(Optional<Path> dir, Selection selection, Optional<Path> cacheDir) {
        return dir.map(d -> load(d, selection, cacheDir)).orElseGet(() -> bundled(selection));
    }

    /** Reads the {@code <cloud>/vms.csv} files under {@code dir} that {@code selection} names. */
    public static Catalog load(Path dir, Selection selection, Optional<Path> cacheDir) {
        List<String> clouds = cloudsIn(dir);
        if (clouds.isEmpty()) {
            throw new InvalidInputException("catalog directory " + dir
                    + " has no <cloud>/vms.csv (expected a SkyPilot v8 catalog, e.g. ~/.sky/catalogs/v8)");
        }
        FileDigests digests = FileDigests.open(cacheDir);
        Digest digest = new Digest();
        List<Offering> all = new ArrayList<>();
        long newest = 0;
        for (String cloud : clouds) {
            Path file = dir.resolve(cloud).resolve("vms.csv");
            newest = Math.max(newest, modified(file));
            if (!selection.clouds().test(cloud)) {
                digest.add(cloud, digests.sha256(file, null));
                continue;
            }
            CloudOfferings read = cloudOfferings(cloud, file, selection.accelerators(), digests, cacheDir);
            digest.add(cloud, read.sha256());
            all.addAll(read.offerings());
        }
        digests.save();
        String date = Instant.ofEpochMilli(newest).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return Catalog.of(new CatalogInfo(dir.toString(), "skypilot-v8 " + date, digest.hex()), all,
                AcceleratorCatalogNames.read(dir));
    }

    /** One cloud's offerings read from its file, whose digest is {@code sha256}. */
    private record CloudOfferings(String sha256, List<Offering> offerings) {}

    /**
     * {@code cloud}'s offerings in {@code file}: pre-indexed in {@code cacheDir} when the file's digest is known there,
     * else read from the CSV (and indexed there, when there is a cache).
     */
    private static CloudOfferings cloudOfferings(String cloud, Path file, Predicate<String> accelerators, FileDigests digests,
            Optional<Path> cacheDir) {
        Optional<String> known = digests.known(file);
        Optional<List<Offering>> indexed = known.flatMap(sha -> cacheDir.flatMap(c ->
                OfferingsIndex.read(OfferingsIndex.file(c, sha), sha, cloud, accelerators)));
        if (indexed.isPresent()) {
            return new CloudOfferings(known.get(), indexed.get());
        }
        byte[] bytes = readAll(file);
        String sha = digests.sha256(file, bytes);
        return new CloudOfferings(sha, cacheDir.isPresent() ? indexing(cloud, bytes, file.toString(), accelerators,
                OfferingsIndex.file(cacheDir.get(), sha), sha) : offeringsOf(cloud, bytes, file.toString(), accelerators));
    }

    /**
     * The regions of {@code cloud}'s offerings in the catalog directory {@code dir}, each with its zones, from the
     * header of the cloud's offerings index in {@code cacheDir} ({@link OfferingsIndex}: no offering is decoded); a
     * cloud not yet indexed there is read from its CSV and indexed, as a plan would.
     */
    public static Map<String, SortedSet<String>> places(Path dir, String cloud, Path cacheDir) {
        Path file = dir.resolve(cloud).resolve("vms.csv");
        FileDigests digests = FileDigests.open(Optional.of(cacheDir));
        Optional<Map<String, SortedSet<String>>> indexed = digests.known(file).flatMap(sha ->
                OfferingsIndex.places(OfferingsIndex.file(cacheDir, sha), sha, cloud));
        if (indexed.isPresent()) {
            return indexed.get();
        }
        CloudOfferings read = cloudOfferings(cloud, file, a -> true, digests, Optional.of(cacheDir));
        digests.save();
        return placesOf(read.offerings());
    }

    /** The regions of {@code offerings}, each with the zones they name (none for offerings without a zone). */
    public static Map<String, SortedSet<String>> placesOf(List<Offering> offerings) {
        Map<String, SortedSet<String>> zones = new TreeMap<>();
        for (Offering o : offerings) {
            SortedSet<String> z = zones.computeIfAbsent(o.region(), r -> new TreeSet<>());
            o.zone().ifPresent(z::add);
        }
        return zones;
    }

    /**
     * Where catalog digests and indexes are remembered: {@code $SKYRUN_HOME/cache}, default {@code ~/.skyrun/cache}.
     */
    public static Path cacheDir(Map<String, String> env, Path home) {
        String skyrunHome = env.get("SKYRUN_HOME");
        Path base = skyrunHome == null || skyrunHome.isBlank() ? home.resolve(".skyrun") : Path.of(skyrunHome);
        return base.resolve("cache");
    }

    /**
     * The offerings {@code selection} names of the catalog at {@code dir}, or of the bundled
     * snapshot when empty, without the digest a plan records (no file is hashed, no other cloud's
     * file read): for checks that need only what is sold where.
     */
    public static List<Offering> offerings(Optional<Path> dir, Selection selection) {
        List<Offering> out = new ArrayList<>();
        for (String cloud : dir.map(CatalogLoader::cloudsIn).orElse(BUNDLED_CLOUDS)) {
            if (selection.clouds().test(cloud)) {
                Path file = dir.map(d -> d.resolve(cloud).resolve("vms.csv")).orElse(null);
                byte[] bytes = file != null ? readAll(file) : resource(cloud + "/vms.csv");
                out.addAll(offeringsOf(cloud, bytes, file != null ? file.toString() : "bundled/" + cloud + "/vms.csv",
                        selection.accelerators()));
            }
        }
        return out;
    }

    /** The snapshot bundled in the jar (aws, azure, gcp, lambda, sagemaker, vertex): the part {@code selection} names. */
    public static Catalog bundled(Selection selection) {
        Digest digest = new Digest();
        List<Offering> all = new ArrayList<>();
        for (String cloud : BUNDLED_CLOUDS) {
            byte[] bytes = resource(cloud + "/vms.csv");
            digest.add(cloud, FileDigests.sha256(bytes));
            if (selection.clouds().test(cloud)) {
                all.addAll(offeringsOf(cloud, bytes, "bundled/" + cloud + "/vms.csv", selection.accelerators()));
            }
        }
        String version = new String(resource("VERSION"), StandardCharsets.UTF_8).strip();
        return Catalog.of(new CatalogInfo(BUNDLED, version, digest.hex()), all, AcceleratorNames.known());
    }

    /**
     * The offerings of one cloud's file that {@code accelerators} accepts, as {@link #offeringsOf}
     * gives them, read once in full to write its {@link OfferingsIndex} at {@code index}. A file
     * with a bad row is read as before (a row the selection skips may be bad) and not indexed.
     */
    private static List<Offering> indexing(String cloud, byte[] bytes, String file, Predicate<String> accelerators, Path index,
            String sha) {
        List<Offering> every;
        try {
            every = offeringsOf(cloud, bytes, file, a -> true);
        } catch (InvalidInputException e) {
            return offeringsOf(cloud, bytes, file, accelerators);
        }
        OfferingsIndex.write(index, sha, cloud, every);
        Map<String, Boolean> wanted = new java.util.HashMap<>();
        return every.stream().filter(o -> wanted.computeIfAbsent(o.acceleratorName().orElse(""), accelerators::test)).toList();
    }

    /** The offerings of one cloud's file: its rows, and for GCP its hosts paired with their accelerators. */
    static List<Offering> offeringsOf(String cloud, byte[] bytes, String file, Predicate<String> accelerators) {
        VmsCsv.Rows rows = VmsCsv.read(cloud, bytes, file, accelerators);
        if (!cloud.equals("gcp")) {
            return rows.offerings();
        }
        List<Offering> out = new ArrayList<>(rows.offerings().size() + rows.attachables().size() * 4);
        boolean cpu = accelerators.test("");
        for (Offering o : rows.offerings()) {
            if (GcpAttachments.standalone(o.instanceType())
                    && (o.acceleratorName().isEmpty() ? cpu : accelerators.test(o.acceleratorName().get()))) {
                out.add(o);
            }
        }
        out.addAll(GcpAttachments.combine(rows.offerings(), rows.attachables()));
        return out;
    }

    /** The clouds with a {@code vms.csv} under {@code dir}, sorted; empty when there is none. */
    static List<String> cloudsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("vms.csv")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list catalog directory " + dir, e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog file " + file, e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat catalog file " + file, e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BUNDLED_ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its bundled catalog file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled catalog file " + name, e);
        }
    }

    /** SHA-256 over (cloud name, newline, file SHA-256 in hex, newline) for each cloud, in name order. */
    private static final class Digest {
        private final StringBuilder text = new StringBuilder();

        void add(String cloud, String fileSha) {
            text.append(cloud).append('\n').append(fileSha).append('\n');
        }

        String hex() {
            return FileDigests.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
