package dev.skyrun.aws;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 (or any S3-compatible server) as an {@link ObjectStore}. Keys are {@code BUCKET/KEY}, the
 * part of an {@code s3://BUCKET/KEY} URI after the scheme, so one store serves every bucket the
 * credentials reach.
 *
 * <pre>{@code
 * ObjectStore s3 = new AwsProvider().store("s3", settings).orElseThrow();
 * s3.put("acme-data/train/part-0.parquet", Path.of("part-0.parquet"));
 * s3.list("acme-data/train/");   // ["acme-data/train/part-0.parquet"]
 * }</pre>
 */
public final class S3Store implements ObjectStore {

    private final S3Client s3;
    private final String region;
    private final int pageSize;

    S3Store(S3Client s3, String region) {
        this(s3, region, 1000);
    }

    S3Store(S3Client s3, String region, int pageSize) {
        this.s3 = s3;
        this.region = region;
        this.pageSize = pageSize;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Address a = Address.of(key);
        io("PutObject", a, () -> s3.putObject(r -> r.bucket(a.bucket()).key(a.key()), RequestBody.fromFile(file)));
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Address a = Address.of(key);
        io("PutObject", a, () -> s3.putObject(r -> r.bucket(a.bucket()).key(a.key()), RequestBody.fromBytes(bytes)));
    }

    @Override
    public InputStream open(String key) throws IOException {
        Address a = Address.of(key);
        try {
            return s3.getObject(r -> r.bucket(a.bucket()).key(a.key()));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("s3://" + key);
        } catch (SdkException e) {
            throw failure("GetObject", a, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Address a = Address.of(prefix);
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(a.bucket()).prefix(a.key()).maxKeys(pageSize).build();
        io("ListObjectsV2", a, () -> {
            for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
                keys.add(a.bucket() + "/" + o.key());
            }
            return null;
        });
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Address a = Address.of(key);
        io("DeleteObject", a, () -> s3.deleteObject(r -> r.bucket(a.bucket()).key(a.key())));
    }

    private <T> void io(String operation, Address a, java.util.function.Supplier<T> call) throws IOException {
        try {
            call.get();
        } catch (SdkException e) {
            throw failure(operation, a, e);
        }
    }

    private IOException failure(String operation, Address a, SdkException e) {
        String what = e instanceof AwsServiceException s
                ? AwsErrors.code(s) + " (request id " + s.requestId() + ")" : e.getMessage();
        return new IOException("aws " + region + " S3 " + operation + " s3://" + a.bucket() + "/" + a.key() + " failed: " + what, e);
    }

    /** A store key split into bucket and object key. */
    record Address(String bucket, String key) {
        static Address of(String storeKey) {
            String k = storeKey.startsWith("s3://") ? storeKey.substring(5) : storeKey;
            int slash = k.indexOf('/');
            if (slash <= 0) {
                if (k.isEmpty()) {
                    throw new InvalidInputException("S3 key '" + storeKey + "' names no bucket: write BUCKET/KEY");
                }
                return new Address(k, "");
            }
            return new Address(k.substring(0, slash), k.substring(slash + 1));
        }
    }
}
