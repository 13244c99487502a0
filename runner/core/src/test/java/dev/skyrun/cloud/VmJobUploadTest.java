package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import dev.skyrun.exec.VmShell;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmJobUploadTest {

    @TempDir
    Path tmp;

    private static final VmBootstrap BOOTSTRAP = new VmBootstrap(new VmShell() {
        @Override
        public String scheme() {
            return "s3";
        }

        @Override
        public String functions() {
            return "";
        }
    }, StatusKeys.of("state", "r-1", "c1"), 30, 10);

    private static final Cluster CLUSTER = new Cluster("aws", "c1", new Placement("aws", "us-east-1", Optional.empty(),
            "g4dn.xlarge", true, Optional.empty(), 4, 16, 0.2, 1, "test"), List.of("i-1"), Map.of("run", "r-1"));

    private static JobSpec job(Optional<String> workdir) {
        return new JobSpec("r-1", "r-1-task0", 1, "img", Optional.empty(), "true", Map.of(), List.of(), List.of(), 1, 0, 0, 0,
                "/ckpt", workdir);
    }

    @Test
    void theWorkdirGoesUnderTheBootstrapsWorkdirThenTheScriptToTheJobKey() throws IOException {
        Path workdir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(workdir.resolve("train.py"), "print(1)");
        Path root = tmp.resolve("store");
        List<String> puts = new ArrayList<>();
        LocalDirStore local = new LocalDirStore(root);
        ObjectStore store = new ObjectStore() {
            @Override
            public void put(String key, Path file) throws IOException {
                puts.add(key);
                local.put(key, file);
            }

            @Override
            public void put(String key, byte[] bytes) throws IOException {
                puts.add(key);
                local.put(key, bytes);
            }

            @Override
            public InputStream open(String key) throws IOException {
                return local.open(key);
            }

            @Override
            public List<String> list(String prefix) throws IOException {
                return local.list(prefix);
            }

            @Override
            public void delete(String key) throws IOException {
                local.delete(key);
            }
        };

        JobHandle handle = VmJobUpload.put(CLUSTER, "aws us-east-1", store, BOOTSTRAP, job(Optional.of(workdir.toString())),
                "#!/bin/sh\necho job\n");

        assertThat(handle).isEqualTo(new JobHandle(CLUSTER, "s3://state/skyrun/r-1/c1/job.sh"));
        assertThat(root.resolve("state/skyrun/r-1/c1/workdir/train.py")).hasContent("print(1)");
        assertThat(root.resolve("state/skyrun/r-1/c1/job.sh")).hasContent("#!/bin/sh\necho job\n");
        assertThat(puts).contains("state/skyrun/r-1/c1/workdir/train.py").last().isEqualTo("state/skyrun/r-1/c1/job.sh");
    }

    @Test
    void withoutAWorkdirOnlyTheScriptIsUploaded() throws IOException {
        Path root = tmp.resolve("store");
        VmJobUpload.put(CLUSTER, "aws us-east-1", new LocalDirStore(root), BOOTSTRAP, job(Optional.empty()), "echo job\n");

        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/')))
                    .containsExactly("state/skyrun/r-1/c1/job.sh");
        }
        assertThat(Files.readString(root.resolve("state/skyrun/r-1/c1/job.sh"), StandardCharsets.UTF_8)).isEqualTo("echo job\n");
    }

    @Test
    void aRefusedUploadIsACloudErrorNamingWhereAndTheScriptsUri() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> VmJobUpload.put(CLUSTER, "aws us-east-1", new LocalDirStore(notADirectory), BOOTSTRAP,
                job(Optional.empty()), "echo job\n"))
                .isInstanceOf(CloudException.class).hasCauseInstanceOf(IOException.class)
                .hasMessageStartingWith("aws us-east-1: cannot upload the job script to s3://state/skyrun/r-1/c1/job.sh: ");
    }
}
