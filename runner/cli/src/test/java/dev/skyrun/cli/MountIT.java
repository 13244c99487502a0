package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.storage.MountTable;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.testkit.Docker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MOUNT} and {@code MOUNT_CACHED} on local Docker, through the CLI in a child process: real
 * rclone FUSE mounts of a real S3 server (S3Mock, behind a proxy that records what it is asked),
 * bound into the job's container. A streamed mount reads one object without fetching the others;
 * a cached mount's writes are in the bucket when {@code launch} returns, and a checkpoint written
 * through it survives the job being killed; no mount of the run is left in {@code /proc/mounts}.
 */
class MountIT {

    static final String BUCKET = "mount-it";

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets(BUCKET).build();

    @TempDir
    Path tmp;

    StoreRecorder recorder;
    ObjectStore s3;
    final String secret = "mount-secret-" + UUID.randomUUID();
    final List<String> runs = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        recorder = StoreRecorder.in(URI.create("http://127.0.0.1:" + S3.getHttpPort()));
        s3 = CloudRegistry.load(Map.of()).provider("aws").orElseThrow().store("s3", new CloudSettings("aws",
                Optional.empty(), Map.of("s3_endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "access_key_id", "a",
                        "secret_access_key", "b"))).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        downAndCheck(tmp, env(), runs, secret);
        recorder.close();
    }

    /** Downs each run, then checks that nothing of them is left: containers, FUSE mounts below {@code tmp}, the secret in a file. */
    static void downAndCheck(Path tmp, Map<String, String> env, List<String> runs, String secret) throws Exception {
        for (String id : runs) {
            CliProcess.run(tmp, env, "down", "-q", id);
            assertThat(Docker.orphans(id)).as("left by " + id).isEmpty();
        }
        assertThat(MountTable.fuseBelow(tmp)).as("FUSE mounts left in /proc/mounts").isEmpty();
        assertThat(TaskFiles.filesContaining(tmp.resolve("skyrun-home"), secret)).as("files holding the store's secret").isEmpty();
    }

    private Map<String, String> env() {
        return new HashMap<>(Map.of("SKYRUN_AWS_S3_ENDPOINT", recorder.endpoint(), "SKYRUN_AWS_REGION", "us-east-1",
                "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDMOUNT", "SKYRUN_AWS_SECRET_ACCESS_KEY", secret));
    }

    @Test
    void aStreamedMountReadsOneFileWithoutFetchingTheOthers() throws Exception {
        String prefix = "stream-" + UUID.randomUUID();
        s3.put(BUCKET + "/" + prefix + "/small.txt", "hello from the bucket\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            s3.put(BUCKET + "/" + prefix + "/shard-" + i + ".bin", new byte[4 << 20]);
        }
        String name = TaskFiles.uniqueName("mount");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: s3://" + BUCKET + "/" + prefix
                + "\n    mode: MOUNT\n", "cat /data/small.txt\nls /data | wc -l");

        CliProcess.Result r = launchKept(tmp, env(), runs, name, spec);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hello from the bucket").contains("4");
        List<String> gets = recorder.seen().stream().filter(l -> l.startsWith("GET /" + BUCKET + "/" + prefix + "/")).toList();
        assertThat(gets).as("objects the store was asked for").containsExactly("GET /" + BUCKET + "/" + prefix + "/small.txt");
        assertThat(CliProcess.run(tmp, env(), "logs", "--events", runId(name)).out())
                .contains("mounted s3://" + BUCKET + "/" + prefix + " at /data (MOUNT: streamed, nothing copied)");
    }

    @Test
    void aCachedMountsWritesAreInTheBucketWhenLaunchReturns() throws Exception {
        String prefix = "cached-" + UUID.randomUUID();
        String name = TaskFiles.uniqueName("cached");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /out:\n    source: s3://" + BUCKET + "/" + prefix
                + "\n    mode: MOUNT_CACHED\n", "dd if=/dev/zero of=/out/model.bin bs=1M count=12 2>/dev/null\n"
                + "echo trained > /out/result.txt\necho wrote");

        CliProcess.Result r = launchKept(tmp, env(), runs, name, spec);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(read(prefix + "/result.txt")).isEqualTo("trained\n");
        assertThat(s3.list(BUCKET + "/" + prefix + "/")).contains(BUCKET + "/" + prefix + "/model.bin");
        try (InputStream in = s3.open(BUCKET + "/" + prefix + "/model.bin")) {
            assertThat(in.readAllBytes()).hasSize(12 << 20);
        }
    }

    @Test
    void aJobKilledMidWriteResumesFromTheCheckpointItWroteThroughMountCached() throws Exception {
        String prefix = "ckpt-" + UUID.randomUUID();
        String name = TaskFiles.uniqueName("ckpt");
        Path spec = TaskFiles.write(tmp, name, "envs:\n  SKYRUN_CHECKPOINT_DIR: /ckpt\nfile_mounts:\n  /ckpt:\n"
                + "    source: s3://" + BUCKET + "/" + prefix + "\n    mode: MOUNT_CACHED\n", """
                if [ -f /ckpt/step ]; then echo "resumed from step $(cat /ckpt/step) in attempt $SKYRUN_ATTEMPT"; exit 0; fi
                echo 41 > /ckpt/step
                echo checkpoint-written
                while :; do dd if=/dev/zero of=/ckpt/partial.bin bs=64k count=16 2>/dev/null; sleep 0.2; done
                """);
        CliProcess.Running launch = startLaunch(spec);
        awaitOutput(launch, "checkpoint-written");
        String id = runId(name);
        runs.add(id);

        assertThat(Docker.docker("kill", id + "-1-0").code()).isZero();
        CliProcess.Result r = launch.finish(Duration.ofMinutes(2));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("resumed from step 41 in attempt 2");
        JsonNode run = status(name);
        assertThat(run.get("attempts")).hasSize(2);
        assertThat(run.get("attempts").get(0).get("status").asText()).isEqualTo("PREEMPTED");
        assertThat(read(prefix + "/step")).isEqualTo("41\n");
    }

    @Test
    void aKilledLaunchLeavesItsMountToTheJobAndDownUnmountsIt() throws Exception {
        String prefix = "killed-" + UUID.randomUUID();
        s3.put(BUCKET + "/" + prefix + "/in.txt", "input\n".getBytes(StandardCharsets.UTF_8));
        String name = TaskFiles.uniqueName("killed");
        Path spec = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: s3://" + BUCKET + "/" + prefix
                + "\n    mode: MOUNT_CACHED\n", "cat /data/in.txt\necho up\nsleep 120");
        CliProcess.Running launch = startLaunch(spec);
        awaitOutput(launch, "up");
        String id = runId(name);
        runs.add(id);

        launch.process().destroyForcibly().waitFor();
        assertThat(MountTable.fuseBelow(tmp)).as("the running job keeps its mount").hasSize(1);
        CliProcess.Result down = CliProcess.run(tmp, env(), "down", id);

        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(MountTable.fuseBelow(tmp)).as("mounts after down").isEmpty();
    }

    @Test
    void badMountsEndTheLaunchBeforeAnyNodeWithTheFix() throws Exception {
        String name = TaskFiles.uniqueName("bad");
        Files.createDirectories(tmp.resolve("local-data"));
        Path local = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: ./local-data\n    mode: MOUNT\n", "true");
        CliProcess.Result r = CliProcess.run(tmp, env(), "launch", local.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(local + ":6:13:").contains("mode MOUNT streams a bucket").contains("drop mode:");

        Path missing = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: s3://no-such-bucket-" + UUID.randomUUID()
                + "/x\n    mode: MOUNT\n", "true");
        r = CliProcess.run(tmp, env(), "launch", missing.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("cannot read bucket no-such-bucket-").contains("give name: and store:");

        Path named = TaskFiles.write(tmp, name, "file_mounts:\n  /cache:\n    name: Acme_HF_Cache\n    store: s3\n"
                + "    mode: MOUNT_CACHED\n", "true");
        r = CliProcess.run(tmp, env(), "launch", named.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("named store 'Acme_HF_Cache' is not a bucket name").contains("e.g. 'acme-hf-cache'");

        Path fine = TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    source: s3://" + BUCKET + "/x\n    mode: MOUNT\n",
                "true");
        Map<String, String> noRclone = env();
        noRclone.put("PATH", tmp.toString());
        r = CliProcess.run(tmp, noRclone, "launch", fine.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.err()).contains("rclone is not on the PATH").contains("apt-get install rclone fuse3");

        assertThat(CliProcess.run(tmp, env(), "status", name).exit()).as("no run was recorded").isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Docker.containersLabelled("skyrun-cluster", name)).isEmpty();
    }

    /** {@code skyrun launch SPEC} in a child JVM, not waited for. */
    private CliProcess.Running startLaunch(Path spec) throws IOException {
        return CliProcess.start(tmp, env(), CliProcess.java("launch", spec.toString()));
    }

    private String read(String key) throws IOException {
        try (InputStream in = s3.open(BUCKET + "/" + key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String runId(String name) throws IOException, InterruptedException {
        return status(name).get("id").asText();
    }

    private JsonNode status(String name) throws IOException, InterruptedException {
        return status(tmp, env(), name);
    }

    /** {@code skyrun status -o json NAME} in a child process, asserted to succeed: the run's status. */
    static JsonNode status(Path tmp, Map<String, String> env, String name) throws IOException, InterruptedException {
        CliProcess.Result r = CliProcess.run(tmp, env, "status", "-o", "json", name);
        assertThat(r.exit()).as(r.toString()).isZero();
        return TaskFiles.status(r.out());
    }

    /**
     * {@code skyrun launch SPEC} of task {@code name} in a child process, waited for; its run is added to
     * {@code runs}, which {@link #downAndCheck} takes down after the test.
     */
    static CliProcess.Result launchKept(Path tmp, Map<String, String> env, List<String> runs, String name, Path spec)
            throws IOException, InterruptedException {
        CliProcess.Result r = CliProcess.run(tmp, env, "launch", spec.toString());
        runs.add(status(tmp, env, name).get("id").asText());
        return r;
    }

    private static void awaitOutput(CliProcess.Running p, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!p.out().contains(text)) {
            if (System.nanoTime() > deadline || !p.process().isAlive()) {
                throw new AssertionError("no '" + text + "' from the launch; stdout:\n" + p.out() + "\nstderr:\n" + p.err());
            }
            Thread.sleep(200);
        }
    }
}
