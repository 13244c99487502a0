package dev.skyrun.gcp;

import com.google.api.gax.paging.Page;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.storage.Buckets;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google Cloud Storage as an {@link ObjectStore} whose keys are {@code BUCKET/KEY}
 * ({@code gs://b/x/y} is key {@code b/x/y}), the form plug-in stores take;
 * {@link dev.skyrun.storage.Stores} roots it at a {@code gs://} URI for callers.
 *
 * <p>With an endpoint override (a loopback fake in tests) it sends no credentials.
 */
public final class GcsStore implements ObjectStore, Buckets, AutoCloseable {

    /** Files at most this big go up in one request; bigger ones use a resumable upload. */
    private static final long SINGLE_REQUEST_MAX = 16L * 1024 * 1024;

    private final Storage storage;
    private final String bucketLocation;

    GcsStore(Storage storage, String bucketLocation) {
        this.storage = storage;
        this.bucketLocation = bucketLocation;
    }

    /** The store of the configured project, against Google or an endpoint override; buckets made in its bucket location. */
    public static GcsStore of(GcpConfig config) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(config.project());
        config.endpointBase().ifPresent(e -> options.setHost(e).setCredentials(NoCredentials.getInstance()));
        return new GcsStore(options.build().getService(), config.bucketLocation());
    }

    /** Uploads the files under {@code dir} to {@code gs://BUCKET/PREFIX} (a task's workdir). */
    void uploadDir(Path dir, String gsUri) throws IOException {
        StoreCopy.upload(dir, Stores.open(StoreUri.parse(gsUri),
                (scheme, uri) -> Optional.of(this)));
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
                throw new NoSuchFileException("gs://" + key);
            }
            throw failure("download", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            GsUri at = split(prefix);
            List<String> keys = new ArrayList<>();
            Page<Blob> page = storage.list(at.bucket(), Storage.BlobListOption.prefix(at.key()));
            for (Blob b : page.iterateAll()) {
                keys.add(at.bucket() + "/" + b.getName());
            }
            keys.sort(null);
            return keys;
        } catch (StorageException e) {
            throw failure("list", prefix, e);
        }
    }

    /** Lists at most one object of {@code bucket}: it exists and the credentials may read it. */
    void probe(String bucket) throws IOException {
        try {
            storage.list(bucket, Storage.BlobListOption.pageSize(1)).getValues();
        } catch (StorageException e) {
            throw failure("list", bucket + "/", e);
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

    @Override
    public boolean bucketExists(String bucket) throws IOException {
        try {
            return storage.get(bucket) != null;
        } catch (StorageException e) {
            throw failure("get bucket", bucket + "/", e);
        }
    }

    /**
     * Creates the bucket in the configured bucket location ({@code us-central1} unless set, as SkyPilot
     * does; GCS alone would make a US multi-region bucket) with {@code labels} as its labels (made valid
     * GCS label values).
     */
    @Override
    public void createBucket(String bucket, Map<String, String> labels) throws IOException {
        try {
            storage.create(BucketInfo.newBuilder(bucket).setLocation(bucketLocation).setLabels(GceLabels.of(labels)).build());
        } catch (StorageException e) {
            throw failure("create bucket", bucket + "/", e);
        }
    }

    /** The bucket's labels; empty when it has none or is gone. */
    @Override
    public Map<String, String> bucketLabels(String bucket) throws IOException {
        try {
            com.google.cloud.storage.Bucket b = storage.get(bucket);
            return b == null || b.getLabels() == null ? Map.of() : Map.copyOf(b.getLabels());
        } catch (StorageException e) {
            throw failure("get bucket", bucket + "/", e);
        }
    }

    @Override
    public void deleteBucket(String bucket) throws IOException {
        if (!bucketExists(bucket)) {
            return;
        }
        for (String key : list(bucket + "/")) {
            delete(key);
        }
        try {
            storage.delete(bucket);
        } catch (StorageException e) {
            throw failure("delete bucket", bucket + "/", e);
        }
    }

    private static BlobId blobId(String key) {
        GsUri at = split(key);
        return BlobId.of(at.bucket(), at.key());
    }

    private static GsUri split(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            throw new InvalidInputException("a GCS store key is BUCKET/KEY, got '" + key + "'");
        }
        return new GsUri(key.substring(0, slash), key.substring(slash + 1));
    }

    private IOException failure(String operation, String key, StorageException e) {
        return new IOException("gcp: GCS " + operation + " of gs://" + key
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
