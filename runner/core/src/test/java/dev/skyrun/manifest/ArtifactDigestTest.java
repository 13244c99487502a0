package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactDigestTest {

    @TempDir
    Path tmp;

    @Test
    void aFileDigestIsTheSha256OfItsBytes() throws Exception {
        Path f = Files.writeString(tmp.resolve("w.bin"), "abc");
        ArtifactDigest d = ArtifactDigest.of(f);
        assertThat(d.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(d.kind()).isEqualTo(ArtifactDigest.Kind.FILE);
        assertThat(d.size()).isEqualTo(3);
    }

    @Test
    void aTreeDigestFollowsTheDocumentedLines() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("adapter"));
        Files.writeString(root.resolve("weights.bin"), "abc");
        Files.createDirectories(root.resolve("sub/empty"));
        Files.writeString(root.resolve("sub/config.json"), "{}");
        String lines = Digests.sha256("{}".getBytes(StandardCharsets.UTF_8)) + " 2 15:sub/config.json\n"
                + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3 11:weights.bin\n";
        ArtifactDigest d = ArtifactDigest.of(root);
        assertThat(d.kind()).isEqualTo(ArtifactDigest.Kind.TREE);
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.sha256()).isEqualTo(Digests.sha256(lines.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTreeDigestSeesContentAndNamesButNotTimesOrEmptyDirectories() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("x"), "1");
        Files.writeString(a.resolve("y"), "2");
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("y"), "2");
        Files.writeString(b.resolve("x"), "1");
        Files.setLastModifiedTime(b.resolve("x"), java.nio.file.attribute.FileTime.fromMillis(0));
        String base = ArtifactDigest.of(a).sha256();
        assertThat(ArtifactDigest.of(b).sha256()).isEqualTo(base);
        Files.writeString(b.resolve("x"), "3");
        assertThat(ArtifactDigest.of(b).sha256()).isNotEqualTo(base);
        Files.writeString(b.resolve("x"), "1");
        Files.createDirectory(b.resolve("e"));
        assertThat(ArtifactDigest.of(b).sha256()).isEqualTo(base);
        Files.delete(b.resolve("e"));
        Files.move(b.resolve("y"), b.resolve("z"));
        assertThat(ArtifactDigest.of(b).sha256()).isNotEqualTo(base);
    }

    @Test
    void linksAreRefusedBecauseAStoreCannotHoldThem() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("t"));
        Files.writeString(root.resolve("x"), "1");
        Files.createSymbolicLink(root.resolve("l"), root.resolve("x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtifactDigest.of(root))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("is a link");
    }
}
