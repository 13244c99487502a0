package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Fusion;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.Provenance;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.storage.LocalDirStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseVerifierTest {

    @TempDir
    Path tmp;

    LocalDirStore store;
    String storeUri;
    Manifest manifest;
    byte[] bytes;
    ReleaseEntry entry;

    @BeforeEach
    void release() throws Exception {
        Path adapter = Files.createDirectories(tmp.resolve("out/adapter"));
        Files.createDirectories(adapter.resolve("sub"));
        Files.writeString(adapter.resolve("sub/w.bin"), "weights");
        Path config = Files.writeString(tmp.resolve("out/config.txt"), "rank=8");
        store = new LocalDirStore(Files.createDirectories(tmp.resolve("store")));
        storeUri = tmp.resolve("store").toUri().toString().replaceAll("/$", "");
        ArtifactDigest tree = StoredArtifacts.put(adapter, store, "textgen/adapter");
        ArtifactDigest file = StoredArtifacts.put(config, store, "textgen/config.txt");
        assertThat(StoredArtifacts.digest(store, "textgen/adapter", ArtifactDigest.Kind.TREE)).isEqualTo(tree);
        assertThat(StoredArtifacts.digest(store, "textgen/config.txt", ArtifactDigest.Kind.FILE)).isEqualTo(file);
        StageOutcome stage = new StageOutcome(new StageRecord("textgen", StageRecord.Status.SUCCEEDED, Optional.empty(),
                Map.of("acc", 0.9), Map.of(), Optional.empty()), List.of(
                        new ArtifactEntry("textgen/adapter", "textgen", Optional.of("textgen"), tree, storeUri + "/textgen/adapter",
                                Optional.empty(), 1, 1.0, Optional.empty()),
                        new ArtifactEntry("textgen/config", "textgen", Optional.empty(), file, storeUri + "/textgen/config.txt",
                                Optional.empty(), 1, 1.0, Optional.empty())), List.of());
        manifest = Fusion.fuse(new ReleaseId("r", "1.0.0"), Instant.EPOCH, List.of(stage), Optional.empty(),
                new Provenance(Optional.of(SpecRecord.of("p.yaml", Optional.empty(), "kind: pipeline\n")), List.of(),
                        Optional.empty(), Optional.of("run-1"), Optional.empty()));
        bytes = ManifestJson.bytes(manifest);
        entry = ReleaseEntry.of(manifest, bytes, Optional.empty());
    }

    @Test
    void anUnchangedReleaseVerifies() throws Exception {
        assertThat(ReleaseVerifier.verify(entry, bytes, Optional.of(store), storeUri)).isEqualTo(manifest);
    }

    @Test
    void aFlippedByteInAStoredArtifactIsNamed() throws Exception {
        Path w = tmp.resolve("store/textgen/adapter/sub/w.bin");
        byte[] b = Files.readAllBytes(w);
        b[0] ^= 1;
        Files.write(w, b);
        assertThatThrownBy(() -> ReleaseVerifier.verify(entry, bytes, Optional.of(store), storeUri))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("artifact textgen/adapter changed: sha256 ");
    }

    @Test
    void aMissingArtifactAndAChangedManifestAreNamed() throws Exception {
        Files.delete(tmp.resolve("store/textgen/config.txt"));
        assertThatThrownBy(() -> ReleaseVerifier.verify(entry, bytes, Optional.of(store), storeUri))
                .hasMessageContaining("artifact textgen/config is missing from the store");
        byte[] edited = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("0.9", "0.99")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReleaseVerifier.verify(entry, edited, Optional.of(store), storeUri))
                .hasMessageContaining("manifest of r@1.0.0 changed");
    }
}
