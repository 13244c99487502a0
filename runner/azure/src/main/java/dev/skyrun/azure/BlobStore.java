package dev.skyrun.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.storage.Buckets;
import dev.skyrun.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure Blob storage as an {@link ObjectStore} whose keys are {@code CONTAINER/BLOB}
 * ({@code az://c/x/y} is key {@code c/x/y}), the form plug-in stores take, in the configured
 * storage account. It signs with the storage connection string's shared key when one is
 * configured, else with the identity's bearer token.
 */
public final class BlobStore implements ObjectStore, Buckets {

    private final BlobServiceClient service;
    private final String account;

    BlobStore(BlobServiceClient service) {
        this.service = service;
        this.account = service.getAccountUrl();
    }

    /** The store of the configured account. */
    static BlobStore of(AzureConfig config, AzureClients clients) {
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().httpClient(clients.http())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 4, 60, 500L, 30_000L, null));
        if (config.connectionString().isPresent()) {
            b.connectionString(config.connectionString().get());
            config.settings().property("blob_endpoint").ifPresent(b::endpoint);
        } else {
            b.endpoint(config.blobEndpoint());
            clients.credential().ifPresent(b::credential);
        }
        return new BlobStore(b.buildClient());
    }

    @Override
    public void put(String key, Path file) throws IOException {
        try {
            blob(key).uploadFromFile(file.toString(), true);
        } catch (BlobStorageException e) {
            throw failure("upload", key, e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            blob(key).upload(BinaryData.fromBytes(bytes), true);
        } catch (BlobStorageException e) {
            throw failure("upload", key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return new ByteArrayInputStream(blob(key).downloadContent().toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw new NoSuchFileException("az://" + key);
            }
            throw failure("download", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String[] at = split(prefix.endsWith("/") || prefix.contains("/") ? prefix : prefix + "/");
        try {
            List<String> keys = new ArrayList<>();
            for (BlobItem item : service.getBlobContainerClient(at[0]).listBlobs(new ListBlobsOptions().setPrefix(at[1]), null)) {
                keys.add(at[0] + "/" + item.getName());
            }
            keys.sort(null);
            return keys;
        } catch (BlobStorageException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            blob(key).deleteIfExists();
        } catch (BlobStorageException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public boolean bucketExists(String container) throws IOException {
        try {
            return service.getBlobContainerClient(container).exists();
        } catch (BlobStorageException e) {
            throw failure("exists", container + "/", e);
        }
    }

    /**
     * Creates the container with {@code labels} as its metadata (names '-' become '_': a metadata name is a C#
     * identifier); a container of that name already there (another's, meanwhile) is an error, never taken.
     */
    @Override
    public void createBucket(String container, Map<String, String> labels) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        labels.forEach((k, v) -> metadata.put(k.replace('-', '_'), v));
        try {
            service.getBlobContainerClient(container).createWithResponse(metadata, null, null, Context.NONE);
        } catch (BlobStorageException e) {
            throw failure("create container", container + "/", e);
        }
    }

    /** The container's metadata under skyrun's label names ({@code skyrun_run} is {@code skyrun-run}); empty when gone. */
    @Override
    public Map<String, String> bucketLabels(String container) throws IOException {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            service.getBlobContainerClient(container).getProperties().getMetadata()
                    .forEach((k, v) -> out.put(k.startsWith("skyrun_") ? k.replace('_', '-') : k, v));
            return out;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Map.of();
            }
            throw failure("get container properties", container + "/", e);
        }
    }

    /** Deletes the container, with its blobs (Azure deletes them with it); one already gone is fine. */
    @Override
    public void deleteBucket(String container) throws IOException {
        try {
            service.getBlobContainerClient(container).deleteIfExists();
        } catch (BlobStorageException e) {
            throw failure("delete container", container + "/", e);
        }
    }

    /** Lists at most one blob of {@code container}: it exists and the identity may read it. */
    void probe(String container) throws IOException {
        try {
            service.getBlobContainerClient(container).listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), null)
                    .iterableByPage().iterator().next();
        } catch (BlobStorageException e) {
            throw failure("list", container + "/", e);
        }
    }

    private BlobClient blob(String key) {
        String[] at = split(key);
        return service.getBlobContainerClient(at[0]).getBlobClient(at[1]);
    }

    private static String[] split(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            throw new InvalidInputException("an Azure Blob store key is CONTAINER/BLOB, got '" + key + "'");
        }
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    private IOException failure(String operation, String key, BlobStorageException e) {
        return new IOException("azure: Blob " + operation + " of az://" + key + " in " + account + " failed (HTTP "
                + e.getStatusCode() + ", " + e.getErrorCode() + "): " + AzureErrors.oneLine(e.getServiceMessage()), e);
    }
}
