package dev.skyrun.storage;

import dev.skyrun.schema.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where objects live: {@code s3://bucket/prefix}, {@code gs://bucket/prefix},
 * {@code az://container/prefix} or {@code file:///abs/dir}.
 *
 * <pre>{@code
 * file_mounts:
 *   /data: s3://acme-data/train
 *   /ckpt: file:///srv/checkpoints/run-7
 * }</pre>
 *
 * @param scheme {@code s3}, {@code gs}, {@code az} or {@code file}
 * @param bucket the bucket or container; empty for {@code file}
 * @param prefix the key prefix without leading or trailing slash; for {@code file} the absolute path
 */
public record StoreUri(String scheme, String bucket, String prefix) {

    /** The schemes a store URI may have. */
    public static final Set<String> SCHEMES = Set.of("s3", "gs", "az", "file");

    public StoreUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Whether the text is a store URI (as opposed to a local path). */
    public static boolean isStoreUri(String text) {
        int i = text.indexOf("://");
        return i > 0 && SCHEMES.contains(text.substring(0, i));
    }

    /**
     * Parses a store URI.
     *
     * @throws InvalidInputException naming the text and the schemes allowed
     */
    public static StoreUri parse(String text) {
        if (!isStoreUri(text)) {
            throw new InvalidInputException("'" + text + "' is not a store URI; use s3://, gs://, az:// or file:///");
        }
        URI uri = URI.create(text);
        String scheme = uri.getScheme();
        if (scheme.equals("file")) {
            return new StoreUri(scheme, "", Path.of(uri).toAbsolutePath().normalize().toString());
        }
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new InvalidInputException("'" + text + "' names no bucket; write " + scheme + "://BUCKET/PREFIX");
        }
        return new StoreUri(scheme, bucket, strip(uri.getPath() == null ? "" : uri.getPath()));
    }

    /** This location with a sub-path appended. */
    public StoreUri resolve(String child) {
        String c = strip(child);
        if (c.isEmpty()) {
            return this;
        }
        return new StoreUri(scheme, bucket, prefix.isEmpty() ? c : prefix + "/" + c);
    }

    private static String strip(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return scheme.equals("file") ? "file://" + prefix : scheme + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
