package dev.skyrun.spec;

import dev.skyrun.catalog.CatalogLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The regions and zones of the bundled catalog snapshot, precomputed: {@code places.tsv} beside its CSV files,
 * one line per cloud and region ({@code cloud TAB region TAB zone,zone,...}), which the build writes with
 * {@link #main} from the same offerings {@link CatalogPlaces} would read. A cold {@code validate} or {@code plan}
 * that checks {@code infra: gcp/us-central1} then reads a few kilobytes instead of parsing and pairing the
 * cloud's offerings.
 */
public final class BundledPlaces {
    private static final String RESOURCE = "/dev/skyrun/catalog/bundled/places.tsv";
    private static volatile Map<String, CatalogPlaces.Places> byCloud;

    private BundledPlaces() {}

    /** Writes the snapshot's places to {@code args[0]} (the build's {@code places.tsv}). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text(), StandardCharsets.UTF_8);
    }

    /** The places of every bundled cloud, computed from its offerings, as {@code places.tsv} holds them. */
    static String text() {
        StringBuilder out = new StringBuilder();
        for (String cloud : CatalogLoader.clouds(Optional.empty())) {
            CatalogPlaces.fromOfferings(Optional.empty(), cloud).zones().forEach((region, zones) ->
                    out.append(cloud).append('\t').append(region).append('\t').append(String.join(",", zones)).append('\n'));
        }
        return out.toString();
    }

    /** {@code cloud}'s places from the jar's {@code places.tsv}; empty when the build wrote none (the caller reads the CSV). */
    static Optional<CatalogPlaces.Places> read(String cloud) {
        Map<String, CatalogPlaces.Places> all = byCloud;
        if (all == null) {
            all = load();
            byCloud = all;
        }
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getOrDefault(cloud, new CatalogPlaces.Places(Map.of())));
    }

    private static Map<String, CatalogPlaces.Places> load() {
        String text;
        try (InputStream in = BundledPlaces.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, Map<String, SortedSet<String>>> zones = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3) {
                SortedSet<String> z = new TreeSet<>();
                if (!f[2].isEmpty()) {
                    z.addAll(Arrays.asList(f[2].split(",")));
                }
                zones.computeIfAbsent(f[0], c -> new TreeMap<>()).put(f[1], z);
            }
        }
        Map<String, CatalogPlaces.Places> out = new HashMap<>();
        zones.forEach((cloud, z) -> out.put(cloud, new CatalogPlaces.Places(z)));
        return out;
    }
}
