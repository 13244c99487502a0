package dev.skyrun.storage;

import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Opens the object store behind a {@link StoreUri}, rooted at its prefix: {@code file://} is a
 * {@link LocalDirStore}; other schemes come from the cloud plug-in serving them.
 */
public final class Stores {

    private Stores() {}

    /**
     * The store at a location; keys are relative to its prefix.
     *
     * @param uri where
     * @param plugins the store a plug-in serves for a scheme (keys {@code BUCKET/KEY}), given the scheme
     * @throws InvalidInputException when no plug-in serves the scheme
     */
    public static ObjectStore open(StoreUri uri, BiFunction<String, StoreUri, Optional<ObjectStore>> plugins) {
        if (uri.scheme().equals("file")) {
            return new LocalDirStore(Path.of(uri.prefix()));
        }
        ObjectStore whole = plugins.apply(uri.scheme(), uri).orElseThrow(() -> new InvalidInputException(
                "no plug-in serves " + uri.scheme() + ":// stores (for " + uri + "); add the cloud's module"));
        String base = uri.bucket() + "/" + (uri.prefix().isEmpty() ? "" : uri.prefix() + "/");
        return new Prefixed(whole, base);
    }

    /** A store seen below a key prefix. */
    private record Prefixed(ObjectStore store, String base) implements ObjectStore {
        @Override
        public void put(String key, Path file) throws IOException {
            store.put(base + key, file);
        }

        @Override
        public void put(String key, byte[] bytes) throws IOException {
            store.put(base + key, bytes);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return store.open(base + key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(base + prefix).stream().map(k -> k.substring(base.length())).toList();
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(base + key);
        }
    }
}
