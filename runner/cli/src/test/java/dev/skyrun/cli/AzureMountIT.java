package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.RcloneRemote;
import dev.skyrun.testkit.AzuriteProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MOUNT} and {@code MOUNT_CACHED} of Azure Blob URIs ({@code az://CONTAINER/PREFIX}) on
 * local Docker, through the CLI in a child process: real rclone FUSE mounts of a real azurite
 * (behind a proxy that records what it is asked), which rclone 1.60 reaches through an account
 * SAS URL the azure plug-in signs from the storage connection string. A streamed mount reads one
 * blob without fetching the others; a cached mount's writes are in the container when
 * {@code launch} returns; no mount of the run is left in {@code /proc/mounts}.
 */
class AzureMountIT {

    static AzuriteProcess azurite;

    @TempDir
    Path tmp;

    StoreRecorder recorder;
    ObjectStore blobs;
    String container;
    final List<String> runs = new ArrayList<>();

    @BeforeAll
    static void startAzurite(@TempDir Path dir) throws IOException {
        azurite = AzuriteProcess.start(dir);
    }

    @AfterAll
    static void stopAzurite() {
        azurite.close();
    }

    @BeforeEach
    void start() throws Exception {
        recorder = StoreRecorder.in(URI.create(azurite.endpoint()));
        CloudSettings settings = new CloudSettings("azure", Optional.empty(),
                Map.of("storage_connection_string", connectionString()));
        var azure = CloudRegistry.load(Map.of()).provider("azure").orElseThrow();
        blobs = azure.store("az", settings).orElseThrow();
        container = "mount-" + UUID.randomUUID().toString().substring(0, 8);
        RcloneRemote remote = azure.mountRemote("az", settings).orElseThrow();
        ProcessBuilder mkdir = new ProcessBuilder("rclone", "mkdir", RcloneRemote.NAME + ":" + container).redirectErrorStream(true);
        mkdir.environment().putAll(remote.environment());
        mkdir.environment().put("RCLONE_CONFIG", "/dev/null");
        Process p = mkdir.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("rclone mkdir: " + out).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        MountIT.downAndCheck(tmp, env(), runs, AzuriteProcess.KEY);
        recorder.close();
    }

    private String connectionString() {
        return AzuriteProcess.connectionString(recorder.endpoint());
    }

    private Map<String, String> env() {
        return Map.of("SKYRUN_AZURE_STORAGE_CONNECTION_STRING", connectionString());
    }

    @Test
    void aStreamedMountOfABlobContainerReadsOneBlobWithoutFetchingTheOthers() throws Exception {
        blobs.put(container + "/data/small.txt", "hello from the container\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            blobs.put(container + "/data/shard-" + i + ".bin", new byte[4 << 20]);
        }
        String name = TaskFiles.uniqueName("azmount");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: az://" + container + "/data"
                + "\n    mode: MOUNT\n", "cat /data/small.txt\nls /data | wc -l");

        CliProcess.Result r = MountIT.launchKept(tmp, env(), runs, name, spec);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hello from the container").contains("4");
        String blobPath = "/" + AzuriteProcess.ACCOUNT + "/" + container + "/data/";
        List<String> gets = recorder.seen().stream().filter(l -> l.startsWith("GET " + blobPath)).toList();
        assertThat(gets).as("blobs the store was asked for").containsExactly("GET " + blobPath + "small.txt");
    }

    @Test
    void aCachedMountsWritesAreInTheContainerWhenLaunchReturns() throws Exception {
        String name = TaskFiles.uniqueName("azcached");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /out:\n    source: az://" + container + "/run"
                + "\n    mode: MOUNT_CACHED\n", "dd if=/dev/zero of=/out/model.bin bs=1M count=12 2>/dev/null\n"
                + "echo trained > /out/result.txt\necho wrote");

        CliProcess.Result r = MountIT.launchKept(tmp, env(), runs, name, spec);

        assertThat(r.exit()).as(r.toString()).isZero();
        try (InputStream in = blobs.open(container + "/run/result.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("trained\n");
        }
        try (InputStream in = blobs.open(container + "/run/model.bin")) {
            assertThat(in.readAllBytes()).hasSize(12 << 20);
        }
    }

    @Test
    void aNamedStoreOfKindAzureIsCreatedFilledMountedAndDeletedWhenTheRunEnds() throws Exception {
        Files.createDirectories(tmp.resolve("in"));
        Files.writeString(tmp.resolve("in/hello.txt"), "hello from a named container\n");
        String named = "named-" + UUID.randomUUID().toString().substring(0, 8);
        var containers = CloudRegistry.load(Map.of()).provider("azure").orElseThrow().buckets("az", new CloudSettings("azure",
                Optional.empty(), Map.of("storage_connection_string", connectionString()))).orElseThrow();
        String name = TaskFiles.uniqueName("aznamed");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    name: " + named + "\n    store: azure\n"
                + "    source: ./in\n    mode: MOUNT\n    persistent: false\n", "cat /data/hello.txt");

        CliProcess.Result r = MountIT.launchKept(tmp, env(), runs, name, spec);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hello from a named container");
        assertThat(recorder.seen()).as("the container was created for the run")
                .contains("PUT /" + AzuriteProcess.ACCOUNT + "/" + named);
        assertThat(containers.bucketExists(named)).as("not persistent: deleted when the run ended").isFalse();
    }
}
