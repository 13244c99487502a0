package dev.skyrun.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCopyTest {

    @TempDir
    Path tmp;

    @Test
    void aDirectoryRoundTripsThroughAFileStoreWithDigests() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.write(tmp.resolve("src/b.bin"), new byte[] {0, 1, 2, (byte) 255});
        ObjectStore store = Stores.open(StoreUri.parse("file://" + tmp.resolve("bucket/prefix")), (s, u) -> Optional.empty());

        var up = StoreCopy.upload(tmp.resolve("src"), store);
        assertThat(up).extracting(StoreCopy.Copied::key).containsExactly("b.bin", "sub/a.txt");
        var down = StoreCopy.download(store, tmp.resolve("dst"));

        assertThat(down).extracting(StoreCopy.Copied::sha256).containsExactlyElementsOf(
                up.stream().map(StoreCopy.Copied::sha256).toList());
        assertThat(Files.readString(tmp.resolve("dst/sub/a.txt"))).isEqualTo("alpha");
        assertThat(Files.readAllBytes(tmp.resolve("dst/b.bin"))).containsExactly(0, 1, 2, 255);
    }

    @Test
    void anUploadWithoutDigestListPutsTheFilesOnlyAndRefusesLinksAlike() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.createSymbolicLink(src.resolve("leak"), Files.writeString(tmp.resolve("host.txt"), "host-only"));
        LocalDirStore store = new LocalDirStore(tmp.resolve("store"));

        assertThatThrownBy(() -> StoreCopy.uploadWithoutDigestList(tmp.resolve("src"), store))
                .isInstanceOf(LinkRefusedException.class).hasMessageContaining("sub/leak");
        assertThat(store.list("")).containsExactly("sub/a.txt");
        assertThat(StoreCopy.download(store, tmp.resolve("dst"))).extracting(StoreCopy.Copied::key).containsExactly("sub/a.txt");
    }

    @Test
    void anUploadNeverFollowsALinkOutOfItsDirectory() throws Exception {
        Path secret = Files.writeString(tmp.resolve("host-secret.txt"), "host-only-content");
        Path hostDir = Files.createDirectories(tmp.resolve("host-dir"));
        Files.writeString(hostDir.resolve("id_rsa"), "host-only-key");
        Path src = Files.createDirectories(tmp.resolve("src/model"));
        Files.writeString(src.resolve("weights.bin"), "weights");
        Files.createSymbolicLink(src.resolve("leak"), secret);
        Files.createSymbolicLink(tmp.resolve("src/dir-leak"), hostDir);
        LocalDirStore store = new LocalDirStore(tmp.resolve("store"));

        assertThatThrownBy(() -> StoreCopy.upload(tmp.resolve("src"), store))
                .isInstanceOf(LinkRefusedException.class)
                .hasMessageContaining("dir-leak -> " + hostDir)
                .hasMessageContaining("model/leak -> " + secret)
                .hasMessageContaining("never follows a link");
        assertThat(store.list("")).containsExactly(".skyrun-sha256", "model/weights.bin");
        try (var files = Files.walk(store.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain("host-only");
            }
        }
    }

    @Test
    void aDownloadNeverWritesThroughALinkTheJobLeft() throws Exception {
        LocalDirStore store = storeHolding("a.txt", "new");
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "untouched");
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.createSymbolicLink(dst.resolve("a.txt"), victim);

        StoreCopy.download(store, dst);

        assertThat(Files.readString(victim)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(dst.resolve("a.txt"))).isFalse();
        assertThat(Files.readString(dst.resolve("a.txt"))).isEqualTo("new");
    }

    @Test
    void unchangedFilesAreNotUploadedAgain() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("same.txt"), "x");
        ObjectStore store = new LocalDirStore(tmp.resolve("store"));
        var first = StoreCopy.upload(src, store);
        Files.writeString(src.resolve("new.txt"), "y");

        var second = StoreCopy.upload(src, store, Map.of("same.txt", first.get(0).sha256()));

        assertThat(second).extracting(StoreCopy.Copied::key).containsExactly("new.txt");
        assertThat(store.list("")).contains(".skyrun-sha256", "new.txt", "same.txt");
    }

    @Test
    void aCorruptedObjectFailsTheDownloadNamingIt() throws Exception {
        LocalDirStore store = storeHolding("w.bin", "weights");
        Files.writeString(store.root().resolve("w.bin"), "tampered");

        assertThatThrownBy(() -> StoreCopy.download(store, tmp.resolve("dst"))).hasMessageContaining("w.bin");
    }

    @Test
    void storeUrisParse() {
        assertThat(StoreUri.parse("s3://bucket/a/b/")).isEqualTo(new StoreUri("s3", "bucket", "a/b"));
        assertThat(StoreUri.parse("gs://b")).isEqualTo(new StoreUri("gs", "b", ""));
        assertThat(StoreUri.parse("file:///tmp/x").prefix()).isEqualTo("/tmp/x");
        assertThat(StoreUri.isStoreUri("./data")).isFalse();
        assertThatThrownBy(() -> StoreUri.parse("s3:///nobucket")).hasMessageContaining("BUCKET");
        assertThatThrownBy(() -> new LocalDirStore(tmp).put("../escape", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A store under the test's directory that one upload filled with {@code file} ({@code text}). */
    private LocalDirStore storeHolding(String file, String text) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve(file), text);
        LocalDirStore store = new LocalDirStore(tmp.resolve("store"));
        StoreCopy.upload(src, store);
        return store;
    }
}
