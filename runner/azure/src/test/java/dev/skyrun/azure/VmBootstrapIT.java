package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.exec.VmBootstrap;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.TestVm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered bootstrap executed for real: the custom data AzureCloud sent to (fake) Resource
 * Manager runs in a container with the Docker socket, curl and busybox. It learns its rank from
 * the VM's tags and gets managed-identity tokens from a loopback instance metadata service (which
 * also plays Scheduled Events), fetches the job script and copies the input mount from azurite
 * (over HTTPS, with {@code --oauth basic}: the VM sends bearer tokens), reads the secret from the Key
 * Vault fake, starts the job container on the real engine, and reports heartbeat, log and exit
 * code to azurite, where AzureCloud reads them back. Nothing leaves loopback.
 */
class VmBootstrapIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Azurite blob;

    @TempDir
    Path tmp;

    ArmFake arm;
    KeyVaultFake vault;
    FakeHttpServer imds;
    final AtomicBoolean preempt = new AtomicBoolean();
    AzureCloud cloud;
    String container;
    String run;

    @BeforeAll
    static void startBlob() throws Exception {
        blob = Azurite.shared();
    }

    @BeforeEach
    void start() throws Exception {
        run = "vm-" + UUID.randomUUID().toString().substring(0, 8);
        arm = new ArmFake();
        vault = new KeyVaultFake();
        imds = FakeHttpServer.start();
        imds.route(r -> r.path().startsWith("/metadata/"), r -> {
            if (!"true".equals(r.header("Metadata"))) {
                return Reply.json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Required metadata header not specified\"}");
            }
            return switch (r.path()) {
                case "/metadata/identity/oauth2/token" -> Reply.json(200, "{\"access_token\":\"" + token(r.params().get("resource"))
                        + "\",\"expires_in\":\"3599\",\"token_type\":\"Bearer\",\"resource\":\"" + r.params().get("resource") + "\"}");
                case "/metadata/scheduledevents" -> Reply.json(200, "{\"DocumentIncarnation\":" + (preempt.get() ? 2 : 1) + ",\"Events\":["
                        + (preempt.get() ? "{\"EventId\":\"A1B2\",\"EventStatus\":\"Scheduled\",\"EventType\":\"Preempt\",\"ResourceType\":"
                                + "\"VirtualMachine\",\"Resources\":[\"skyrun-c1-0\"],\"NotBefore\":\"Mon, 07 Dec 2026 13:00:30 GMT\","
                                + "\"Description\":\"\",\"EventSource\":\"Platform\",\"DurationInSeconds\":-1}" : "") + "]}");
                case "/metadata/instance/compute/tags" -> new Reply(200, "text/plain",
                        ("skyrun-cluster:c1;skyrun-node:0;skyrun-run:" + run).getBytes(StandardCharsets.UTF_8), Map.of());
                default -> Reply.json(404, "{\"error\":\"not found\"}");
            };
        });
        container = AzureTestSupport.container(blob);
        Map<String, String> props = new java.util.HashMap<>(AzureTestSupport.properties(arm, blob, container, vault.url()));
        props.put("imds_endpoint", imds.uri().toString());
        cloud = (AzureCloud) new AzureProvider().open(new CloudSettings("azure", Optional.of(arm.http.uri()), props));
    }

    @AfterEach
    void stop() {
        Docker.removeLabelled("skyrun-run", run);
        TestVm.unshare(tmp);
        cloud.close();
        arm.http.close();
        vault.close();
        imds.close();
    }

    @Test
    void theCustomDataRunsTheJobCopiesMountsAndReportsHeartbeatLogAndExitCode() throws Exception {
        String canary = "canary-" + UUID.randomUUID() + " $(touch /tmp/pwned) 'quoted' \"dq\"\nsecond line\n";
        blob.container("data");
        put("data", "in/a.txt", "alpha\n");
        put("data", "in/sub/b.txt", "beta\n");
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        JobSpec job = TestVm.mountedJob(run, "az");
        cloud.submit(c, job, Secrets.of(Map.of("HF_TOKEN", canary)));

        TestVm vm = startVm();
        List<NodeState> seen = new ArrayList<>();
        NodeState end = vm.awaitEnd(cloud, c, seen, Duration.ofSeconds(60), () -> String.valueOf(get(container, node("log"))));

        assertThat(seen).contains(new NodeState.Running());
        assertThat(end).isEqualTo(new NodeState.Succeeded());
        List<LogLine> lines = TestVm.assertMountedJobLogs(cloud, c);
        assertThat(get("data", "out/token.md5")).startsWith(md5(canary));
        assertThat(get("data", "out/copy.txt")).isEqualTo("alpha\n");
        assertThat(get(container, node("exit_code"))).isEqualToIgnoringWhitespace("0");
        assertThat(get(container, node("heartbeat"))).isNotBlank();
        assertThat(imds.requests()).extracting(FakeHttpServer.Request::path)
                .contains("/metadata/scheduledevents", "/metadata/identity/oauth2/token", "/metadata/instance/compute/tags");
        assertThat(vault.http.requests()).anyMatch(r -> r.method().equals("GET") && r.path().startsWith("/secrets/sr-")
                && String.valueOf(r.header("User-Agent")).startsWith("curl/") && String.valueOf(r.header("Authorization")).startsWith("Bearer "));

        String line = canary.substring(0, canary.indexOf(' '));
        assertThat(arm.http.requests()).allSatisfy(r -> assertThat(r.body() + r.query()).doesNotContain(line));
        assertThat(imds.requests()).allSatisfy(r -> assertThat(r.body() + r.query()).doesNotContain(line));
        assertThat(customData()).doesNotContain(line);
        assertThat(get(container, "skyrun/" + run + "/c1/job.sh")).doesNotContain(line);
        assertThat(String.join("\n", lines.stream().map(LogLine::text).toList())).doesNotContain(line);
    }

    @Test
    void aPreemptScheduledEventIsReportedAndTheRunIsPreempted() throws Exception {
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(), "echo started; sleep 2; exit 143",
                Map.of(), List.of(), List.of(), 1, 0, 0, 0, "/checkpoints");
        cloud.submit(c, job, Secrets.none());
        preempt.set(true);
        TestVm vm = startVm();
        NodeState end = vm.awaitEnd(cloud, c, new ArrayList<>(), Duration.ofSeconds(60), () -> String.valueOf(get(container, node("log"))));

        assertThat(end).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("Azure Scheduled Events: Preempt, not before Mon, 07 Dec 2026 13:00:30 GMT"));
        assertThat(get(container, node("preempting"))).contains("Preempt");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (get(container, node("exit_code")) == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(get(container, node("log"))).contains("interruption notice: Azure Scheduled Events: Preempt", "job exited 143");
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Preempted.class);
    }

    /**
     * rclone 1.60 asks for the managed identity's token at the fixed 169.254.169.254 and reaches the
     * account only at {@code https://ACCOUNT.blob.core.windows.net}: the VM reaches both through
     * {@link BlobTunnel}, a proxy its {@code HTTP(S)_PROXY} name, so this bootstrap is rendered for
     * azurite's account at that address (the runner's side reads azurite directly).
     */
    @Test
    void theBootstrapMountsBlobWithRcloneAndTheManagedIdentityAndFlushesCachedWritesBeforeTheExitCode() throws Exception {
        blob.container("data");
        TestVm.putFuseInputs((key, bytes) -> blob.client().getBlobContainerClient("data").getBlobClient(key)
                .upload(BinaryData.fromBytes(bytes), true));
        AzureConfig onAzure = AzureConfig.from(new CloudSettings("azure", Optional.empty(), Map.of("storage_account", Azurite.ACCOUNT,
                "container", container, "imds_endpoint", imds.uri().toString())), Map.of());
        VmBootstrap bootstrap = new VmBootstrap(AzureShell.of(onAzure, "sr-"), new StatusKeys(container, "skyrun/" + run + "/c1"), 1, 10);
        JobSpec job = TestVm.fuseJob(run, "az", "data");
        String script = bootstrap.job(job, List.of("10.0.0.4"));
        assertThat(script).contains("RCLONE_CONFIG_SKYRUN_USE_MSI='true'").doesNotContain(Azurite.KEY);
        put(container, "skyrun/" + run + "/c1/job.sh", script);

        try (BlobTunnel tunnel = BlobTunnel.start(blob, VmBootstrapIT::token)) {
            Path ca = java.nio.file.Files.copy(blob.caBundle(), tmp.resolve("ca.pem"));
            TestVm vm = TestVm.startWithFuse(run, tmp, "export CURL_CA_BUNDLE=" + ca + " SSL_CERT_FILE=" + ca + " HTTP_PROXY="
                    + tunnel.url() + " HTTPS_PROXY=" + tunnel.url() + " NO_PROXY=127.0.0.1,localhost\n" + bootstrap.launcher());
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (get(container, node("exit_code")) == null) {
                assertThat(System.nanoTime()).as("no exit code; VM output:\n%s\nnode log:\n%s", Docker.docker("logs", vm.name()).output(),
                        get(container, node("log"))).isLessThan(deadline);
                Thread.sleep(300);
            }
            String log = get(container, node("log"));
            assertThat(get(container, node("exit_code"))).as(log).isEqualToIgnoringWhitespace("0");
            // Read at once: the exit code is reported only after the cached mount's uploads.
            assertThat(get("data", "ckpt-" + run + "/step")).isEqualTo("7\n");
            assertThat(blob.client().getBlobContainerClient("data").getBlobClient("ckpt-" + run + "/model.bin").getProperties()
                    .getBlobSize()).isEqualTo(12 << 20);
            TestVm.assertFuseJobRan(log, job, tmp);
            assertThat(tunnel.requests()).as("rclone took the managed identity's token from instance metadata and read small.txt")
                    .anyMatch(r -> r.startsWith("GET http://169.254.169.254/metadata/identity/oauth2/token?"))
                    .anyMatch(r -> r.startsWith("GET /data/stream/small.txt"))
                    .noneMatch(r -> r.startsWith("GET /data/stream/shard.bin"));
        }
    }

    /** The VM, running the custom data with azurite's certificate as its CA bundle (the VM sees only {@code tmp}). */
    private TestVm startVm() throws Exception {
        Path ca = java.nio.file.Files.copy(blob.caBundle(), tmp.resolve("ca.pem"));
        return TestVm.start(run, tmp, "export CURL_CA_BUNDLE=" + ca + "\n" + customData());
    }

    private String node(String name) {
        return "skyrun/" + run + "/c1/node-0/" + name;
    }

    /** The launcher as Resource Manager received it in the VM's custom data. */
    private String customData() throws Exception {
        var vm = JSON.readTree(arm.requests("PUT", "virtualMachines").get(0).body());
        return new String(Base64.getDecoder().decode(vm.at("/properties/osProfile/customData").asText()), StandardCharsets.UTF_8);
    }

    private void put(String c, String key, String text) {
        blob.client().getBlobContainerClient(c).getBlobClient(key).upload(BinaryData.fromString(text), true);
    }

    private String get(String c, String key) {
        var b = blob.client().getBlobContainerClient(c).getBlobClient(key);
        return b.exists() ? b.downloadContent().toString() : null;
    }

    /** A token as Entra ID shapes it (azurite's basic OAuth checks issuer, audience and lifetime, not the signature). */
    private static String token(String resource) {
        long now = Instant.now().getEpochSecond();
        String aud = resource == null ? "" : resource;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"aud\":\"" + aud + "\",\"iss\":\"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\","
                + "\"iat\":" + (now - 60) + ",\"nbf\":" + (now - 60) + ",\"exp\":" + (now + 3600) + ",\"oid\":\"vm-identity\"}";
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + b.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
