package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import dev.skyrun.testkit.StoreRoundTrip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Blob store against a real Blob server (azurite on 127.0.0.1), found through ServiceLoader as the {@code az} store. */
class BlobStoreIT {

    static Azurite blob;

    @BeforeAll
    static void start() throws IOException {
        blob = Azurite.shared();
        blob.container("store-it");
    }

    static ObjectStore store() {
        CloudSettings settings = new CloudSettings("azure", Optional.empty(), Map.of("storage_connection_string", blob.connectionString(),
                "ca_bundle", blob.caBundle().toString()));
        return ServiceLoader.load(dev.skyrun.cloud.CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("azure")).findFirst().orElseThrow().store("az", settings).orElseThrow();
    }

    @Test
    void putOpenListDeleteRoundTripBytesAndFiles(@TempDir Path dir) throws IOException {
        ObjectStore az = store();
        StoreRoundTrip.check(az, "store-it", dir);
        assertThatThrownBy(() -> az.open("store-it/rt/absent")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("az://store-it/rt/absent");
    }

    @Test
    void copyUploadsAndDownloadsATreeWithItsChecksums(@TempDir Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.getParent().resolve("b.txt"), "beta\n");
        ObjectStore at = Stores.open(StoreUri.parse("az://store-it/copy/run-1"), (scheme, uri) -> Optional.of(store()));
        StoreCopy.upload(dir.resolve("src"), at);
        assertThat(store().list("store-it/copy/run-1/")).contains("store-it/copy/run-1/b.txt", "store-it/copy/run-1/sub/a.txt");

        Path back = dir.resolve("back");
        StoreCopy.download(at, back);
        assertThat(back.resolve("sub/a.txt")).hasContent("alpha");
        assertThat(back.resolve("b.txt")).hasContent("beta");
    }

    @Test
    void aMissingContainerIsAnErrorNamingTheBlobAndTheCode() {
        assertThatThrownBy(() -> store().put("no-such-container/k", new byte[] {1})).isInstanceOf(IOException.class)
                .hasMessageContaining("az://no-such-container/k").hasMessageContaining("ContainerNotFound");
    }

    @Test
    void theProviderServesOnlyAz() {
        assertThat(new AzureProvider().store("s3", CloudSettings.defaults("azure"))).isEmpty();
    }

    @Test
    void aContainerIsCreatedWithTheLabelsAsMetadataThenDeletedWithItsBlobsAndDeletingItAgainIsFine() throws IOException {
        CloudSettings settings = new CloudSettings("azure", Optional.empty(), Map.of("storage_connection_string",
                blob.connectionString(), "ca_bundle", blob.caBundle().toString()));
        dev.skyrun.storage.Buckets containers = new AzureProvider().buckets("az", settings).orElseThrow();
        String name = "named-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(containers.bucketExists(name)).isFalse();

        containers.createBucket(name, Map.of("skyrun-run", "r-1", "skyrun-home", "h-2"));
        assertThat(containers.bucketExists(name)).isTrue();
        assertThat(blob.client().getBlobContainerClient(name).getProperties().getMetadata())
                .containsEntry("skyrun_run", "r-1").containsEntry("skyrun_home", "h-2");
        assertThat(containers.bucketLabels(name)).as("read back under skyrun's names")
                .containsEntry("skyrun-run", "r-1").containsEntry("skyrun-home", "h-2");
        store().put(name + "/a/b.txt", new byte[] {1});
        assertThatThrownBy(() -> containers.createBucket(name, Map.of())).as("an existing container is never taken")
                .isInstanceOf(IOException.class).hasMessageContaining("ContainerAlreadyExists");

        containers.deleteBucket(name);
        assertThat(containers.bucketExists(name)).isFalse();
        assertThat(containers.bucketLabels(name)).as("a container gone has no labels").isEmpty();
        containers.deleteBucket(name);
    }
}
