package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

    @TempDir
    Path tmp;

    @Test
    void writesOnceAndRefusesToReplace() throws Exception {
        Path target = tmp.resolve("releases/federated@1.0.0.json");
        ManifestWriter.writeOnce(target, "first\n".getBytes());
        assertThatThrownBy(() -> ManifestWriter.writeOnce(target, "second\n".getBytes()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("first\n");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void tempFilesOfDeadWritersAreSwept() throws Exception {
        Path dead = Files.writeString(tmp.resolve(".x.json.999999999.tmp"), "partial");
        Path alive = Files.writeString(tmp.resolve(".y.json." + ProcessHandle.current().pid() + ".tmp"), "in progress");
        ManifestWriter.writeOnce(tmp.resolve("z.json"), "{}\n".getBytes());
        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
    }
}
