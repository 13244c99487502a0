package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.testkit.FakeHttpServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsStoreIT {

    @Test
    void putsListsReadsAndDeletesUnderThePrefix(@TempDir Path dir) throws Exception {
        try (FakeHttpServer http = FakeHttpServer.start()) {
            FakeGcs gcs = new FakeGcs(http);
            GcpProvider provider = new GcpProvider();
            ObjectStore store = Stores.open(StoreUri.parse("gs://bkt/runs"),
                    (scheme, uri) -> provider.store(scheme, GcpTestSupport.settings(http)));
            Path f = dir.resolve("log.txt");
            Files.writeString(f, "line one\nline two\n");
            store.put("r1/node-0/log", f);
            store.put("r1/node-0/exit_code", "0".getBytes(StandardCharsets.UTF_8));
            store.put("r2/x", "y".getBytes(StandardCharsets.UTF_8));

            assertThat(gcs.get("bkt", "runs/r1/node-0/log")).isEqualTo("line one\nline two\n");
            assertThat(store.list("r1/")).containsExactly("r1/node-0/exit_code", "r1/node-0/log");
            try (InputStream in = store.open("r1/node-0/exit_code")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0");
            }
            store.delete("r1/node-0/log");
            store.delete("r1/node-0/log");
            assertThat(store.list("r1/")).containsExactly("r1/node-0/exit_code");
            assertThatThrownBy(() -> store.open("r1/nope")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("gs://bkt/runs/r1/nope");
            assertThat(provider.store("s3", GcpTestSupport.settings(http))).isEmpty();
        }
    }

    @Test
    void aBucketIsCreatedWithTheLabelsThenEmptiedAndDeletedAndDeletingItAgainIsFine() throws Exception {
        try (FakeHttpServer http = FakeHttpServer.start()) {
            FakeGcs gcs = new FakeGcs(http);
            GcpProvider provider = new GcpProvider();
            dev.skyrun.storage.Buckets buckets = provider.buckets("gs", GcpTestSupport.settings(http)).orElseThrow();
            assertThat(buckets.bucketExists("named-it")).isFalse();

            buckets.createBucket("named-it", java.util.Map.of("skyrun-run", "Train-1.x"));
            assertThat(buckets.bucketExists("named-it")).isTrue();
            assertThat(gcs.bucketLabels("named-it")).containsEntry("skyrun-run", "train-1-x");
            assertThat(buckets.bucketLabels("named-it")).as("read back").containsEntry("skyrun-run", "train-1-x");
            assertThat(gcs.bucketLocation("named-it")).as("SkyPilot's default, not GCS's US multi-region").isEqualTo("US-CENTRAL1");
            gcs.put("named-it", "a/b.txt", "x");
            gcs.put("named-it", "c.txt", "y");
            assertThatThrownBy(() -> buckets.createBucket("named-it", java.util.Map.of())).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("HTTP 409");

            buckets.deleteBucket("named-it");
            assertThat(buckets.bucketExists("named-it")).isFalse();
            assertThat(buckets.bucketLabels("named-it")).as("a bucket gone has no labels").isEmpty();
            assertThat(gcs.under("named-it", "")).isEmpty();
            buckets.deleteBucket("named-it");
            assertThat(provider.buckets("s3", GcpTestSupport.settings(http))).isEmpty();

            CloudSettings inEurope = new CloudSettings("gcp", Optional.of(http.uri()), Map.of("project", "acme-ml",
                    "bucket_location", "europe-west4"));
            provider.buckets("gs", inEurope).orElseThrow().createBucket("named-eu", Map.of());
            assertThat(gcs.bucketLocation("named-eu")).as("bucket_location set").isEqualTo("EUROPE-WEST4");
        }
    }
}
