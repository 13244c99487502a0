package dev.skyrun.aws;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.storage.Buckets;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

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
public final class S3Store implements ObjectStore, Buckets {

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

    /** A bucket another account owns (403) exists too: skyrun never creates nor deletes it. */
    @Override
    public boolean bucketExists(String bucket) throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("HeadBucket", new Address(bucket, ""), e);
        } catch (SdkException e) {
            throw failure("HeadBucket", new Address(bucket, ""), e);
        }
    }

    /** Creates the bucket in this store's region, tagged with {@code labels} in the same call. */
    @Override
    public void createBucket(String bucket, Map<String, String> labels) throws IOException {
        CreateBucketConfiguration.Builder config = CreateBucketConfiguration.builder()
                .tags(labels.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        if (!region.equals("us-east-1")) {
            config.locationConstraint(region);
        }
        io("CreateBucket", new Address(bucket, ""), () -> s3.createBucket(r -> r.bucket(bucket)
                .createBucketConfiguration(config.build())));
    }

    /** The bucket's tags; empty when it has none ({@code NoSuchTagSet}) or is gone. */
    @Override
    public Map<String, String> bucketLabels(String bucket) throws IOException {
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> out.put(t.key(), t.value()));
            return out;
        } catch (NoSuchBucketException gone) {
            return Map.of();
        } catch (S3Exception e) {
            if ("NoSuchTagSet".equals(AwsErrors.code(e))) {
                return Map.of();
            }
            throw failure("GetBucketTagging", new Address(bucket, ""), e);
        } catch (SdkException e) {
            throw failure("GetBucketTagging", new Address(bucket, ""), e);
        }
    }

    @Override
    public void deleteBucket(String bucket) throws IOException {
        if (!bucketExists(bucket)) {
            return;
        }
        List<String> keys = list(bucket + "/");
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k.substring(bucket.length() + 1)).build()).toList();
            io("DeleteObjects", new Address(bucket, ""), () -> s3.deleteObjects(r -> r.bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build())));
        }
        try {
            s3.deleteBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException gone) {
            return;
        } catch (SdkException e) {
            throw failure("DeleteBucket", new Address(bucket, ""), e);
        }
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
