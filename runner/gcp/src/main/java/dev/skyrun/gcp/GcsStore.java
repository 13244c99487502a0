package dev.skyrun.gcp;

import com.google.api.gax.paging.Page;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.skyrun.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Google Cloud Storage bucket (optionally under a key prefix) as an {@link ObjectStore}:
 * {@code gs://bucket/prefix}. Keys given to it are relative to the prefix.
 *
 * <p>With an endpoint override (a loopback fake in tests) it sends no credentials.
 */
public final class GcsStore implements ObjectStore, AutoCloseable {

    /** Files at most this big go up in one request; bigger ones use a resumable upload. */
    private static final long SINGLE_REQUEST_MAX = 16L * 1024 * 1024;

    private final Storage storage;
    private final GsUri root;

    GcsStore(Storage storage, GsUri root) {
        this.storage = storage;
        this.root = new GsUri(root.bucket(), root.keyPrefix());
    }

    /** A store over {@code gs://bucket/prefix} for a project, against Google or an endpoint override. */
    public static GcsStore of(String project, GsUri root, Optional<String> endpoint) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(project);
        endpoint.ifPresent(e -> options.setHost(e).setCredentials(NoCredentials.getInstance()));
        return new GcsStore(options.build().getService(), root);
    }

    /** Where this store lives. */
    public GsUri root() {
        return root;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).build();
        try {
            if (Files.size(file) <= SINGLE_REQUEST_MAX) {
                storage.create(info, Files.readAllBytes(file), Storage.BlobTargetOption.disableGzipContent());
            } else {
                storage.createFrom(info, file);
            }
        } catch (StorageException e) {
            throw failure("upload", key, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            storage.create(BlobInfo.newBuilder(blobId(key)).build(), bytes, Storage.BlobTargetOption.disableGzipContent());
        } catch (StorageException e) {
            throw failure("upload", key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return new ByteArrayInputStream(storage.readAllBytes(blobId(key)));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                throw new NoSuchFileException(root.bucket() + "/" + root.key() + key);
            }
            throw failure("download", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            List<String> keys = new ArrayList<>();
            Page<Blob> page = storage.list(root.bucket(), Storage.BlobListOption.prefix(root.key() + prefix));
            for (Blob b : page.iterateAll()) {
                keys.add(b.getName().substring(root.key().length()));
            }
            keys.sort(null);
            return keys;
        } catch (StorageException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            storage.delete(blobId(key));
        } catch (StorageException e) {
            throw failure("delete", key, e);
        }
    }

    private BlobId blobId(String key) {
        return BlobId.of(root.bucket(), root.key() + key);
    }

    private IOException failure(String operation, String key, StorageException e) {
        return new IOException("gcp: GCS " + operation + " of gs://" + root.bucket() + "/" + root.key() + key
                + " failed (HTTP " + e.getCode() + (e.getReason() == null ? "" : ", " + e.getReason()) + "): "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            // nothing held that needs reporting
        }
    }
}
