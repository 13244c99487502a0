package dev.skyrun.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.manifest.ManifestWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What skyrun writes below its owner-only home stays owner-only: the artifact store and release manifests. */
class OwnerOnlyTest {

    @TempDir
    Path tmp;

    @Test
    void anArtifactStoreUnderAPrivateDirectoryIsPrivateAllTheWayDown() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("store"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        LocalDirStore store = new LocalDirStore(root);
        store.put("stage/adapter/weights.bin", "w".getBytes(StandardCharsets.UTF_8));
        Path src = Files.writeString(tmp.resolve("m.json"), "{}");
        store.put("stage/metrics.json", src);

        assertThat(mode(root.resolve("stage"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("stage/adapter"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("stage/adapter/weights.bin"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("stage/metrics.json"))).isEqualTo("rw-------");
    }

    @Test
    void aReleaseManifestInThePrivateHomeIsPrivateAndOneWrittenElsewhereKeepsTheDefaults() throws Exception {
        Path releases = Files.createDirectory(tmp.resolve("releases"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        ManifestWriter.writeOnce(releases.resolve("federated/federated@1.0.0.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(mode(releases.resolve("federated"))).isEqualTo("rwx------");
        assertThat(mode(releases.resolve("federated/federated@1.0.0.json"))).isEqualTo("rw-------");

        Path shared = Files.createDirectory(tmp.resolve("shared"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        ManifestWriter.writeOnce(shared.resolve("fused.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(mode(shared.resolve("fused.json"))).startsWith("rw-r");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
