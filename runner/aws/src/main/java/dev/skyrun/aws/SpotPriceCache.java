package dev.skyrun.aws;

import dev.skyrun.storage.LocalDirStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spot prices skyrun last fetched, per region and instance type, kept in a small text file
 * under skyrun's home ({@code cache/aws-spot-prices.tsv}) so the next command within the TTL
 * asks AWS nothing. One line per (region, type): {@code REGION TYPE FETCHED_EPOCH_S ZONE=PRICE,...}.
 * A missing or unreadable file is an empty cache; writes replace the file atomically ({@link LocalDirStore}).
 */
final class SpotPriceCache {

    /** Prices of one instance type in one region, by zone, and when they were fetched. */
    record Entry(Instant fetched, Map<String, Double> byZone) {}

    private final Optional<Path> file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    SpotPriceCache(Optional<Path> file) {
        this.file = file;
        file.ifPresent(this::load);
    }

    Optional<Entry> get(String region, String type) {
        return Optional.ofNullable(entries.get(region + " " + type));
    }

    /** Records fresh prices and writes the file (best effort: a read-only home only costs a refetch). */
    void putAll(String region, Map<String, Map<String, Double>> byType, Instant fetched) {
        byType.forEach((type, zones) -> entries.put(region + " " + type, new Entry(fetched, Map.copyOf(zones))));
        file.ifPresent(this::save);
    }

    private void load(Path f) {
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        for (String line : lines) {
            String[] p = line.split(" ");
            if (p.length < 3) {
                continue;
            }
            try {
                Map<String, Double> zones = new TreeMap<>();
                if (p.length > 3) {
                    for (String zp : p[3].split(",")) {
                        int eq = zp.indexOf('=');
                        zones.put(zp.substring(0, eq), Double.parseDouble(zp.substring(eq + 1)));
                    }
                }
                entries.put(p[0] + " " + p[1], new Entry(Instant.ofEpochSecond(Long.parseLong(p[2])), zones));
            } catch (RuntimeException e) {
                // a damaged line is a cache miss
            }
        }
    }

    private synchronized void save(Path f) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(entries).forEach((key, e) -> {
            List<String> zones = new ArrayList<>();
            new TreeMap<>(e.byZone()).forEach((z, price) -> zones.add(z + "=" + price));
            lines.add(key + " " + e.fetched().getEpochSecond() + (zones.isEmpty() ? "" : " " + String.join(",", zones)));
        });
        try {
            new LocalDirStore(f.getParent()).put(f.getFileName().toString(),
                    (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // best effort
        }
    }
}
