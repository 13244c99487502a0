package dev.skyrun.gcp;

import dev.skyrun.schema.InvalidInputException;
import java.util.Objects;

/**
 * A {@code gs://bucket/key/prefix} location.
 *
 * @param bucket the bucket name
 * @param key the object key or prefix, without a leading slash (may be empty)
 */
public record GsUri(String bucket, String key) {
    public GsUri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new InvalidInputException("a gs:// URI needs a bucket: gs://BUCKET/PREFIX");
        }
    }

    /** Parses {@code gs://bucket/some/key}. */
    public static GsUri parse(String uri) {
        if (!uri.startsWith("gs://")) {
            throw new InvalidInputException("not a gs:// URI: " + uri + " (write gs://BUCKET/PREFIX)");
        }
        String rest = uri.substring("gs://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new GsUri(rest, "") : new GsUri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The key as a prefix: empty, or ending in {@code /}. */
    public String keyPrefix() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    @Override
    public String toString() {
        return "gs://" + bucket + "/" + key;
    }
}
