package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.TestVm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered startup script executed for real: the {@code startup-script} metadata GcpCloud
 * sent to (fake) Compute Engine runs in a container with the Docker socket, curl and busybox.
 * It learns its rank and a token from a loopback metadata server, fetches the job script and
 * copies the input mount from the GCS fake, reads the secret by reference from the Secret
 * Manager fake, starts the job container on the real engine, and reports heartbeat, log and
 * exit code to the GCS fake, where GcpCloud reads them back. Nothing leaves loopback.
 */
class VmBootstrapIT {

    private static final String ZONE = "us-central1-a";
    private static final String TOKEN = "ya29.vm-service-account-token";

    @TempDir
    Path tmp;

    FakeHttpServer http;
    FakeHttpServer metadata;
    FakeCompute compute;
    FakeGcs gcs;
    final AtomicBoolean preempted = new AtomicBoolean();
    GcpCloud cloud;
    String run;

    @BeforeEach
    void start() {
        run = "vm-" + UUID.randomUUID().toString().substring(0, 8);
        http = FakeHttpServer.start();
        compute = new FakeCompute(http);
        gcs = new FakeGcs(http);
        new FakeSecretManager(http);
        metadata = FakeHttpServer.start();
        metadata.route(r -> r.path().startsWith("/computeMetadata/v1/"), r -> {
            if (!"Google".equals(r.header("Metadata-Flavor"))) {
                return text(403, "Missing required header \"Metadata-Flavor\"");
            }
            return switch (r.path().substring("/computeMetadata/v1/".length())) {
                case "instance/attributes/skyrun-node" -> text(200, "0");
                case "instance/preempted" -> text(200, preempted.get() ? "TRUE" : "FALSE");
                case "instance/service-accounts/default/token" -> Reply.json(200,
                        "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
                default -> text(404, "");
            };
        });
        Map<String, String> props = new HashMap<>(GcpTestSupport.settings(http).properties());
        props.put("metadata_endpoint", metadata.uri() + "/computeMetadata/v1");
        props.put("heartbeat_s", "1");
        cloud = (GcpCloud) new GcpProvider().open(new CloudSettings("gcp", Optional.of(http.uri()), props));
    }

    @AfterEach
    void stop() {
        Docker.removeLabelled("skyrun-run", run);
        TestVm.unshare(tmp);
        cloud.close();
        http.close();
        metadata.close();
    }

    @Test
    void theStartupScriptRunsTheJobCopiesMountsAndReportsHeartbeatLogAndExitCode() throws Exception {
        String canary = "canary-" + UUID.randomUUID() + " $(touch /tmp/pwned) 'quoted' \"dq\"\nsecond line\n";
        gcs.put("data", "in/a.txt", "alpha\n");
        gcs.put("data", "in/sub/b.txt", "beta\n");
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot(ZONE), GcpTestSupport.request(run, run + "-c1"));
        JobSpec job = TestVm.mountedJob(run, "gs");
        cloud.submit(c, job, Secrets.of(Map.of("HF_TOKEN", canary)));

        TestVm vm = TestVm.start(run, tmp, startupScript(run + "-c1-0"));
        List<NodeState> seen = new ArrayList<>();
        NodeState end = vm.awaitEnd(cloud, c, seen, Duration.ofSeconds(60), () -> String.valueOf(nodeObject(c, "log")));

        assertThat(seen).contains(new NodeState.Running());
        assertThat(end).isEqualTo(new NodeState.Succeeded());
        List<LogLine> lines = TestVm.assertMountedJobLogs(cloud, c);
        assertThat(gcs.get("data", "out/token.md5")).startsWith(md5(canary));
        assertThat(gcs.get("data", "out/copy.txt")).isEqualTo("alpha\n");
        assertThat(gcs.under("acme-runs", "skyrun/" + run + "/" + run + "-c1/node-0/").keySet())
                .extracting(k -> k.substring(k.lastIndexOf('/') + 1)).contains("heartbeat", "log", "exit_code");
        assertThat(http.requests()).filteredOn(r -> String.valueOf(r.header("User-Agent")).startsWith("curl/"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(metadata.requests()).extracting(FakeHttpServer.Request::path).contains("/computeMetadata/v1/instance/preempted");

        assertNoLeak(canary, String.join("\n", lines.stream().map(LogLine::text).toList()));
    }

    @Test
    void thePreemptedNoticeOfTheMetadataServerIsReportedAndTheRunIsPreempted() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot(ZONE), GcpTestSupport.request(run, run + "-c1"));
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(), "echo started; sleep 2; exit 143",
                Map.of(), List.of(), List.of(), 1, 0, 0, 0, "/checkpoints");
        cloud.submit(c, job, Secrets.none());
        preempted.set(true);
        TestVm vm = TestVm.start(run, tmp, startupScript(run + "-c1-0"));
        NodeState end = vm.awaitEnd(cloud, c, new ArrayList<>(), Duration.ofSeconds(60), () -> String.valueOf(nodeObject(c, "log")));
        assertThat(end).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("metadata server: instance/preempted=TRUE"));
        assertThat(nodeObject(c, "preempting")).contains("instance/preempted=TRUE");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (nodeObject(c, "exit_code") == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(nodeObject(c, "log")).contains("interruption notice: metadata server: instance/preempted=TRUE", "job exited 143");
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Preempted.class);
    }

    @Test
    void theStartupScriptMountsGcsWithRcloneAndTheServiceAccountAndFlushesCachedWritesBeforeTheExitCode() throws Exception {
        TestVm.putFuseInputs((key, bytes) -> gcs.put("data", key, new String(bytes, StandardCharsets.UTF_8)));
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot(ZONE), GcpTestSupport.request(run, run + "-c1"));
        JobSpec job = TestVm.fuseJob(run, "gs", "data");
        cloud.submit(c, job, Secrets.none());
        String script = gcs.get("acme-runs", "skyrun/" + run + "/" + run + "-c1/job.sh");
        assertThat(script).contains("RCLONE_CONFIG_SKYRUN_TYPE='google cloud storage'").doesNotContain(TOKEN)
                .doesNotContain("private_key").doesNotContain("SERVICE_ACCOUNT");

        TestVm vm = TestVm.startWithFuse(run, tmp, startupScript(run + "-c1-0"));
        NodeState end = vm.awaitEnd(cloud, c, new ArrayList<>(), Duration.ofSeconds(90), () -> String.valueOf(nodeObject(c, "log")));

        String log = nodeObject(c, "log");
        assertThat(end).as(log).isEqualTo(new NodeState.Succeeded());
        // Read at once: the exit code is reported only after the cached mount's uploads.
        assertThat(gcs.get("data", "ckpt-" + run + "/step")).isEqualTo("7\n");
        assertThat(gcs.get("data", "ckpt-" + run + "/model.bin")).hasSize(12 << 20);
        TestVm.assertFuseJobRan(log, job, tmp);
        List<FakeHttpServer.Request> rclone = http.requests().stream()
                .filter(r -> !String.valueOf(r.header("User-Agent")).matches("(curl/|.*Java).*")).toList();
        assertThat(rclone).as("rclone read small.txt with the service account's token")
                .anySatisfy(r -> assertThat(r.path()).contains("/o/stream%2Fsmall.txt"))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(http.requests()).as("nothing fetched the shard the job did not read")
                .noneSatisfy(r -> assertThat(r.path() + "?" + r.query()).contains("shard.bin").contains("alt=media"));
        assertThat(metadata.requests()).as("rclone took the token from the metadata server")
                .anySatisfy(r -> assertThat(r.path() + " " + r.header("User-Agent"))
                        .contains("service-accounts/default/token").doesNotContain("curl/"));
    }

    /** The instance's {@code startup-script} metadata value as Compute Engine received it. */
    private String startupScript(String instance) {
        for (var item : compute.instances.get(ZONE + "/" + instance).withArray("/metadata/items")) {
            if (item.get("key").asText().equals("startup-script")) {
                return item.get("value").asText();
            }
        }
        throw new AssertionError("no startup-script in the metadata of " + instance);
    }

    private String nodeObject(Cluster c, String name) {
        return gcs.get("acme-runs", "skyrun/" + run + "/" + c.name() + "/node-0/" + name);
    }

    private void assertNoLeak(String canary, String log) {
        String b64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        String line = canary.substring(0, canary.indexOf(' '));
        for (var r : http.requests()) {
            assertThat(r.body() + r.query()).doesNotContain(line);
            if (!r.path().endsWith(":addVersion")) {
                assertThat(r.body()).doesNotContain(b64);
            }
        }
        assertThat(metadata.requests()).allSatisfy(r -> assertThat(r.body() + r.query()).doesNotContain(line));
        assertThat(http.requests()).filteredOn(r -> r.path().endsWith(":addVersion")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains(b64));
        assertThat(http.requests()).anyMatch(r -> r.path().endsWith("-HF_TOKEN/versions/latest:access")
                && String.valueOf(r.header("User-Agent")).startsWith("curl/"));
        assertThat(startupScript(run + "-c1-0")).doesNotContain(line);
        assertThat(gcs.under("acme-runs", "skyrun/" + run + "/")).allSatisfy((k, v) -> assertThat(v).doesNotContain(line).doesNotContain(b64));
        assertThat(log).doesNotContain(line);
        assertThat(compute.instances.values()).allSatisfy(i -> assertThat(i.get("labels").toString()).doesNotContain(line));
    }

    private static Reply text(int status, String body) {
        return new Reply(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
