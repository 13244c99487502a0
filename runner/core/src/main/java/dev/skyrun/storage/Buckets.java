package dev.skyrun.storage;

import java.io.IOException;
import java.util.Map;

/**
 * The buckets (containers) of one store kind, as a cloud plug-in administers them for named stores
 * ({@code file_mounts: /data: {name: acme-ckpt, store: s3}}): whether one exists, creating one with
 * the run's labels, and deleting one skyrun created. Implementations: {@code S3Store} (aws),
 * {@code GcsStore} (gcp), {@code BlobStore} (azure), reached through
 * {@link dev.skyrun.cloud.CloudProvider#buckets}.
 */
public interface Buckets {

    /** Whether the bucket exists (whoever owns it). */
    boolean bucketExists(String bucket) throws IOException;

    /**
     * Creates the bucket carrying {@code labels} (S3 tags, GCS labels, Azure container metadata).
     *
     * @throws IOException when it cannot be created, also when the name is taken meanwhile
     */
    void createBucket(String bucket, Map<String, String> labels) throws IOException;

    /**
     * The labels the bucket carries, under skyrun's names ({@code skyrun-run}); empty when it has none or
     * is gone. A resume and {@code skyrun down} read them to know a bucket that a launch created and died
     * before recording.
     */
    Map<String, String> bucketLabels(String bucket) throws IOException;

    /** Deletes every object of the bucket, then the bucket; a bucket already gone is fine. */
    void deleteBucket(String bucket) throws IOException;
}
