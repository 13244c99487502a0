package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.StoreRoundTrip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3 server (S3Mock, in-process on 127.0.0.1), found through ServiceLoader. */
class S3StoreIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-it").build();

    static CloudSettings settings() {
        return new CloudSettings("aws", Optional.empty(), Map.of(
                "s3_endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "region", "us-east-1",
                "access_key_id", "test", "secret_access_key", "test"));
    }

    static ObjectStore store() {
        CloudSettings settings = settings();
        AwsProvider provider = ServiceLoader.load(dev.skyrun.cloud.CloudProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("aws"))
                .map(AwsProvider.class::cast).findFirst().orElseThrow();
        return provider.store("s3", settings).orElseThrow();
    }

    @Test
    void putOpenListDeleteRoundTripBytesAndFiles(@TempDir Path dir) throws IOException {
        ObjectStore s3 = store();
        StoreRoundTrip.check(s3, "skyrun-it", dir);

        s3.put("skyrun-it/uri/config.json", "{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = s3.open("s3://skyrun-it/uri/config.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": \"é\"}");
        }
    }

    @Test
    void putReplacesAndMissingKeysAreNoSuchFile() throws IOException {
        ObjectStore s3 = store();
        s3.put("skyrun-it/replace/k", "one".getBytes(StandardCharsets.UTF_8));
        s3.put("skyrun-it/replace/k", "two".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = s3.open("skyrun-it/replace/k")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
        assertThatThrownBy(() -> s3.open("skyrun-it/replace/absent")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("s3://skyrun-it/replace/absent");
    }

    @Test
    void listFollowsContinuationTokensAcrossPages() throws IOException {
        ObjectStore s3 = store();
        for (int i = 4; i >= 0; i--) {
            s3.put("skyrun-it/many/" + i, new byte[] {(byte) i});
        }
        S3Store paged = new S3Store(new AwsClients(new AwsConfig(settings())).s3("us-east-1"), "us-east-1", 2);
        assertThat(paged.list("skyrun-it/many/")).containsExactly(
                "skyrun-it/many/0", "skyrun-it/many/1", "skyrun-it/many/2", "skyrun-it/many/3", "skyrun-it/many/4");
    }

    @Test
    void aMissingBucketIsAnErrorNamingTheBucketAndOperation() {
        ObjectStore s3 = store();
        assertThatThrownBy(() -> s3.put("no-such-bucket-x/k", new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PutObject").hasMessageContaining("s3://no-such-bucket-x/k")
                .hasMessageContaining("NoSuchBucket").hasMessageContaining("us-east-1");
    }

    @Test
    void theProviderServesOnlyS3() {
        assertThat(new AwsProvider().store("gs", CloudSettings.defaults("aws"))).isEmpty();
    }

    @Test
    void aBucketIsCreatedThenEmptiedAndDeletedAndDeletingItAgainIsFine() throws IOException {
        AwsProvider provider = new AwsProvider();
        dev.skyrun.storage.Buckets buckets = provider.buckets("s3", settings()).orElseThrow();
        ObjectStore s3 = store();
        assertThat(buckets.bucketExists("named-it")).isFalse();
        buckets.createBucket("named-it", Map.of("skyrun-run", "r-1"));
        assertThat(buckets.bucketExists("named-it")).isTrue();
        s3.put("named-it/a/b.txt", new byte[] {1});
        s3.put("named-it/c.txt", new byte[] {2});

        buckets.deleteBucket("named-it");
        assertThat(buckets.bucketExists("named-it")).isFalse();
        buckets.deleteBucket("named-it");
        assertThat(provider.buckets("gs", settings())).isEmpty();
    }
}
