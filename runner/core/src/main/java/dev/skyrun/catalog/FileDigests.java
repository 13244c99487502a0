package dev.skyrun.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 of catalog files, remembered in {@code <cache>/catalog-sha256.tsv} by path, size and
 * modification time, so a cold {@code plan} does not hash megabytes it did not change.
 *
 * <p>A file whose size or time changed is hashed again. Without a cache directory every file is
 * hashed each time. The cache is written atomically (temp file, then move).
 */
final class FileDigests {
    private static final String FILE = "catalog-sha256.tsv";
    private final Optional<Path> cacheFile;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean changed;

    private FileDigests(Optional<Path> cacheFile) {
        this.cacheFile = cacheFile;
    }

    /** The digests remembered under {@code cacheDir}, if any. */
    static FileDigests open(Optional<Path> cacheDir) {
        FileDigests d = new FileDigests(cacheDir.map(c -> c.resolve(FILE)));
        d.cacheFile.filter(Files::isRegularFile).ifPresent(d::readCache);
        return d;
    }

    private void readCache(Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    entries.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            entries.clear(); // a damaged cache is only a slower start
        }
    }

    /** The hex SHA-256 of {@code file} as remembered for its path, size and modification time; empty when not. */
    Optional<String> known(Path file) {
        return Optional.ofNullable(entries.get(key(file)));
    }

    /** The hex SHA-256 of {@code file}; {@code bytes} are its contents when already read, else null. */
    String sha256(Path file, byte[] bytes) {
        String key = key(file);
        String known = entries.get(key);
        if (known != null) {
            return known;
        }
        try {
            String sha = sha256(bytes != null ? bytes : Files.readAllBytes(file));
            entries.put(key, sha);
            changed = true;
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog file " + file, e);
        }
    }

    private static String key(Path file) {
        try {
            return file.toAbsolutePath() + "\t" + Files.size(file) + "\t" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat catalog file " + file, e);
        }
    }

    /** Writes new digests to the cache; a cache that cannot be written is skipped silently. */
    void save() {
        if (!changed || cacheFile.isEmpty()) {
            return;
        }
        Path file = cacheFile.get();
        StringBuilder text = new StringBuilder();
        entries.forEach((k, v) -> text.append(k).append('\t').append(v).append('\n'));
        try {
            CatalogWriter.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the cache only saves time; planning works without it
        }
    }

    /** The hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
