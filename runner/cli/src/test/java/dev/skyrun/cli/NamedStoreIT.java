package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.storage.Buckets;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named stores ({@code /data: {name, store: s3, source, persistent, mode}}) through the CLI in a child process, on
 * local Docker with a real S3 server (S3Mock behind a recording proxy): a missing bucket is created with the run's
 * labels, filled from a local directory and mounted for the job; {@code persistent: false} is deleted when the run
 * ends (and a failed deletion is reported by {@code down} and done by the next one), {@code persistent: true} is
 * kept through {@code down}, and a bucket that existed before is never deleted.
 */
class NamedStoreIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().build();

    @TempDir
    Path tmp;

    StoreRecorder recorder;
    ObjectStore s3;
    Buckets buckets;
    final String secret = "named-secret-" + UUID.randomUUID();
    final List<String> runs = new ArrayList<>();
    final List<String> made = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        recorder = StoreRecorder.in(URI.create("http://127.0.0.1:" + S3.getHttpPort()));
        CloudSettings settings = new CloudSettings("aws", Optional.empty(), Map.of("s3_endpoint", "http://127.0.0.1:"
                + S3.getHttpPort(), "region", "us-east-1", "access_key_id", "a", "secret_access_key", "b"));
        var aws = CloudRegistry.load(Map.of()).provider("aws").orElseThrow();
        s3 = aws.store("s3", settings).orElseThrow();
        buckets = aws.buckets("s3", settings).orElseThrow();
        Files.createDirectories(tmp.resolve("in/sub"));
        Files.writeString(tmp.resolve("in/hello.txt"), "hello from the source\n");
        Files.writeString(tmp.resolve("in/sub/deep.txt"), "deep\n");
    }

    @AfterEach
    void stop() throws Exception {
        recorder.failing(null);
        recorder.holding(null);
        MountIT.downAndCheck(tmp, env(), runs, secret);
        for (String b : made) {
            buckets.deleteBucket(b);
        }
        recorder.close();
    }

    private Map<String, String> env() {
        return new HashMap<>(Map.of("SKYRUN_AWS_S3_ENDPOINT", recorder.endpoint(), "SKYRUN_AWS_REGION", "us-east-1",
                "SKYRUN_AWS_ACCESS_KEY_ID", "AKIDNAMED", "SKYRUN_AWS_SECRET_ACCESS_KEY", secret));
    }

    private String bucket() {
        String b = "named-" + UUID.randomUUID().toString().substring(0, 13);
        made.add(b);
        return b;
    }

    private Path spec(String name, String bucket, String extra, String run) {
        return TaskFiles.write(tmp, name, "file_mounts:\n  /data:\n    name: " + bucket + "\n    store: s3\n" + extra, run);
    }

    private CliProcess.Result launch(Path spec, String name, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("launch", spec.toString()));
        args.addAll(List.of(flags));
        CliProcess.Result r = CliProcess.run(tmp, env(), args.toArray(String[]::new));
        CliProcess.Result status = CliProcess.run(tmp, env(), "status", "-o", "json", name);
        if (status.exit() == 0) {
            runs.add(TaskFiles.status(status.out()).get("id").asText());
        }
        return r;
    }

    @Test
    void aMissingBucketIsCreatedLabelledFilledFromTheSourceMountedAndDeletedWhenTheRunEnds() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("named");
        Path spec = spec(name, bucket, "    source: ./in\n    mode: MOUNT\n    persistent: false\n",
                "cat /data/hello.txt /data/sub/deep.txt\necho listing: $(ls -A /data)");

        CliProcess.Result r = launch(spec, name);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hello from the source").contains("deep");
        assertThat(r.out()).as("the job sees the source's files and nothing of skyrun's").contains("listing: hello.txt sub")
                .doesNotContain(StoreCopy.SUMS);
        String runId = runs.get(0);
        assertThat(recorder.bodyOf("PUT /" + bucket)).as("CreateBucket carries the run's labels as tags")
                .contains("<Key>skyrun-run</Key><Value>" + runId + "</Value>").contains("<Key>skyrun-home</Key>");
        assertThat(buckets.bucketExists(bucket)).as("a bucket created for the run, not persistent, after the run").isFalse();
        String events = CliProcess.run(tmp, env(), "logs", "--events", runId).out();
        assertThat(events).contains("created bucket s3://" + bucket).contains("filled s3://" + bucket + " from ./in (2 file(s))")
                .contains("deleted bucket s3://" + bucket);
    }

    @Test
    void aLaunchKilledWhileFillingTheBucketIsResumedWithTheBucketFilledWhole() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("refill");
        Path spec = spec(name, bucket, "    source: ./in\n    mode: COPY\n    persistent: false\n",
                "cat /data/hello.txt /data/sub/deep.txt");
        recorder.holding("PUT /" + bucket + "/sub/deep.txt");
        CliProcess.Running launch = CliProcess.start(tmp, env(), CliProcess.java("launch", spec.toString()));
        recorder.awaitSeen("PUT /" + bucket + "/sub/deep.txt", Duration.ofSeconds(90));
        launch.process().destroyForcibly(); // kill -9 while the fill waits on the store
        assertThat(launch.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        recorder.holding(null);
        String runId = CliProcess.onlyRunId(tmp, env());
        runs.add(runId);
        assertThat(buckets.bucketExists(bucket)).as("created before the launch died").isTrue();

        CliProcess.Result resumed = CliProcess.run(tmp, env(), "resume", runId);

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).as("the job reads the whole source, not what the dead launch had uploaded")
                .contains("hello from the source").contains("deep");
        assertThat(CliProcess.run(tmp, env(), "logs", "--events", runId).out())
                .contains("bucket s3://" + bucket + " was created by this run before its launch died")
                .contains("filled s3://" + bucket + " from ./in (2 file(s))");
    }

    @Test
    void aBucketALaunchCreatedAndDiedBeforeRecordingIsFoundByItsLabelAndDeletedByDown() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("unrec");
        Path spec = spec(name, bucket, "    source: ./in\n    persistent: false\n", "cat /data/hello.txt");

        CliProcess.Result died = launchDyingAt(CrashPoints.BUCKET_CREATED, spec);

        assertThat(died.exit()).as(died.toString()).isEqualTo(137);
        String runId = CliProcess.onlyRunId(tmp, env());
        runs.add(runId);
        assertThat(buckets.bucketExists(bucket)).as("created, then the launch died before recording it").isTrue();
        CliProcess.Result down = CliProcess.run(tmp, env(), "down", runId);
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(buckets.bucketExists(bucket)).as("it carried the run's label: down deleted it").isFalse();
        assertThat(recorder.seen()).contains("DELETE /" + bucket);
    }

    @Test
    void aBucketALaunchCreatedAndDiedBeforeRecordingIsTakenAsTheRunsByResume() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("unres");
        Path spec = spec(name, bucket, "    source: ./in\n    mode: COPY\n    persistent: false\n", "cat /data/sub/deep.txt");
        assertThat(launchDyingAt(CrashPoints.BUCKET_CREATED, spec).exit()).isEqualTo(137);
        String runId = CliProcess.onlyRunId(tmp, env());
        runs.add(runId);

        CliProcess.Result resumed = CliProcess.run(tmp, env(), "resume", runId);

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("deep");
        assertThat(CliProcess.run(tmp, env(), "logs", "--events", runId).out())
                .contains("bucket s3://" + bucket + " carries this run's label").contains("recorded as the run's now")
                .contains("deleted bucket s3://" + bucket);
        assertThat(buckets.bucketExists(bucket)).as("the run's own, not persistent: deleted when it ended").isFalse();
    }

    /** {@code skyrun launch SPEC} in a child JVM that halts at the crash point, as kill -9 would there. */
    private CliProcess.Result launchDyingAt(String point, Path spec) throws Exception {
        List<String> cmd = new ArrayList<>(CliProcess.java("launch", spec.toString()));
        cmd.add(1, "-Dskyrun.crashAt=" + point);
        return CliProcess.start(tmp, env(), cmd).finish(Duration.ofMinutes(2));
    }

    @Test
    void aPersistentBucketKeepsWhatTheJobWroteThroughTheRunAndDown() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("keep");
        Path spec = spec(name, bucket, "    mode: MOUNT_CACHED\n", "echo kept > /data/result.txt\necho wrote");

        CliProcess.Result r = launch(spec, name);
        assertThat(r.exit()).as(r.toString()).isZero();
        CliProcess.Result down = CliProcess.run(tmp, env(), "down", runs.get(0));

        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(buckets.bucketExists(bucket)).as("persistent: true (SkyPilot's default) outlives down").isTrue();
        assertThat(read(bucket, "result.txt")).isEqualTo("kept\n");
    }

    @Test
    void aBucketThatExistedIsReusedAndNeverDeletedEvenWithPersistentFalse() throws Exception {
        String bucket = bucket();
        buckets.createBucket(bucket, Map.of());
        s3.put(bucket + "/before.txt", "was here before\n".getBytes(StandardCharsets.UTF_8));
        String name = TaskFiles.uniqueName("reuse");
        Path spec = spec(name, bucket, "    source: ./in\n    persistent: false\n", "cat /data/before.txt /data/hello.txt");
        recorder.failing("GET /" + bucket + "?tagging"); // a user's bucket whose tags these credentials may not read

        CliProcess.Result r = launch(spec, name);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("was here before").contains("hello from the source");
        assertThat(recorder.seen()).as("never created again").doesNotContain("PUT /" + bucket);
        CliProcess.Result down = CliProcess.run(tmp, env(), "down", runs.get(0));

        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(recorder.seen()).as("never deleted").doesNotContain("DELETE /" + bucket);
        assertThat(read(bucket, "before.txt")).isEqualTo("was here before\n");
        assertThat(CliProcess.run(tmp, env(), "logs", "--events", runs.get(0)).out())
                .contains("bucket s3://" + bucket + " exists; reused as it is");
    }

    @Test
    void aFailedDeletionIsReportedByDownAndDoneByTheNextDown() throws Exception {
        String bucket = bucket();
        String name = TaskFiles.uniqueName("retry");
        Path spec = spec(name, bucket, "    source: ./in\n    persistent: false\n", "cat /data/hello.txt");

        CliProcess.Result r = launch(spec, name, "--keep");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(buckets.bucketExists(bucket)).as("--keep keeps the nodes, and so the bucket, until down").isTrue();
        recorder.failing("DELETE /" + bucket);
        CliProcess.Result failed = CliProcess.run(tmp, env(), "down", runs.get(0));

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(failed.out() + failed.err()).contains("bucket s3://" + bucket);
        assertThat(buckets.bucketExists(bucket)).isTrue();
        recorder.failing(null);
        CliProcess.Result again = CliProcess.run(tmp, env(), "down", runs.get(0));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(buckets.bucketExists(bucket)).isFalse();
    }

    @Test
    void aSourceWithALinkOutIsRefusedBeforeTheJobAndTheBucketMadeForTheRunIsDeleted() throws Exception {
        String bucket = bucket();
        Files.createSymbolicLink(tmp.resolve("in/leak"), Path.of("/etc/hostname"));
        String name = TaskFiles.uniqueName("link");
        Path spec = spec(name, bucket, "    source: ./in\n    persistent: false\n", "echo job-ran");

        CliProcess.Result r = launch(spec, name);

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("file mount /data: source ./in").contains("symbolic link");
        assertThat(r.out()).doesNotContain("job-ran");
        assertThat(buckets.bucketExists(bucket)).isFalse();
    }

    private String read(String bucket, String key) throws IOException {
        try (InputStream in = s3.open(bucket + "/" + key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
