package dev.skyrun.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A bucket-like store of objects under keys: a local directory, S3, GCS or Azure Blob.
 * Implementations: {@code LocalDirStore} here, the cloud ones in their plug-in modules.
 */
public interface ObjectStore {

    /** Writes a file's bytes under a key, replacing what was there. */
    void put(String key, Path file) throws IOException;

    /** Writes bytes under a key, replacing what was there. */
    void put(String key, byte[] bytes) throws IOException;

    /** Opens an object for reading; {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(String key) throws IOException;

    /** Keys under a prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Removes an object; absent is fine. */
    void delete(String key) throws IOException;
}
