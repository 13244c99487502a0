package dev.skyrun.gcp;

import static dev.skyrun.gcp.GcpTestSupport.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.CancelCustomJobRequest;
import com.google.cloud.aiplatform.v1.ContainerSpec;
import com.google.cloud.aiplatform.v1.CreateCustomJobRequest;
import com.google.cloud.aiplatform.v1.CustomJobSpec;
import com.google.cloud.aiplatform.v1.DeleteCustomJobRequest;
import com.google.cloud.aiplatform.v1.EnvVar;
import com.google.cloud.aiplatform.v1.GetCustomJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.ListCustomJobsRequest;
import com.google.cloud.aiplatform.v1.Scheduling;
import com.google.cloud.aiplatform.v1.WorkerPoolSpec;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.FakeHttpServer;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code vertex} cloud through the real aiplatform client against a plaintext loopback JobService fake. */
class VertexIT extends FakeGoogleTest {

    FakeVertex vertex;
    VertexCloud vertexCloud;

    @BeforeEach
    void startVertex() {
        vertex = new FakeVertex();
        vertexCloud = (VertexCloud) new VertexProvider().open(settings(http, vertex, Map.of()));
    }

    @AfterEach
    void stopVertex() {
        vertexCloud.close();
        vertex.close();
    }

    static CloudSettings settings(FakeHttpServer http, FakeVertex vertex, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of("project", "acme-ml", "bucket", "acme-runs", "poll_ms", "10",
                "aiplatform_endpoint", vertex.endpoint(), "regions", "us-central1"));
        props.putAll(extra);
        return new CloudSettings("vertex", Optional.of(http.uri()), props);
    }

    static Placement v5e(boolean spot) {
        return new Placement("vertex", "us-central1", Optional.empty(), "ct5lp-hightpu-4t", spot,
                Optional.of(new AcceleratorChoice("tpu-v5litepod-4", 1)), 112, 192, 5.52, 1, "test");
    }

    @Test
    void aTpuV5eCustomJobIsSubmittedWithTheRightFieldsAndNoSecret() throws Exception {
        Cluster c = vertexCloud.provision(v5e(true), GcpTestSupport.request("run-v", "run-v-1"));
        assertThat(vertex.requests).as("provision creates nothing").isEmpty();
        JobHandle h = vertexCloud.submit(c, GcpTestSupport.job("run-v"), GcpTestSupport.secrets());

        CreateCustomJobRequest create = vertex.received(CreateCustomJobRequest.class).get(0);
        assertThat(h.id()).isEqualTo(vertex.jobs.keySet().iterator().next());
        assertThat(create.getParent()).isEqualTo("projects/acme-ml/locations/us-central1");
        assertThat(create.getCustomJob().getDisplayName()).isEqualTo("run-v-1");
        assertThat(create.getCustomJob().getLabelsMap()).containsEntry(Labels.RUN, "run-v").containsEntry(Labels.CLUSTER, "run-v-1");
        CustomJobSpec spec = create.getCustomJob().getJobSpec();
        assertThat(spec.getWorkerPoolSpecsList()).hasSize(1);
        WorkerPoolSpec pool = spec.getWorkerPoolSpecs(0);
        assertThat(pool.getReplicaCount()).isEqualTo(1);
        assertThat(pool.getMachineSpec().getMachineType()).isEqualTo("ct5lp-hightpu-4t");
        assertThat(pool.getMachineSpec().getAcceleratorType()).isEqualTo(AcceleratorType.TPU_V5_LITEPOD);
        assertThat(pool.getMachineSpec().getAcceleratorCount()).isEqualTo(4);
        assertThat(pool.getMachineSpec().getTpuTopology()).isEqualTo("2x2");
        assertThat(pool.getContainerSpec().getImageUri()).isEqualTo("skyrun-test/gcp-job:1");
        assertThat(pool.getContainerSpec().getCommandList()).hasSize(6).startsWith("sh", "-c")
                .endsWith("skyrun", "echo setting up", "echo hello from $SKYRUN_NODE_RANK; echo token=${HF_TOKEN:+set}");
        assertThat(pool.getContainerSpec().getCommand(2)).contains("secret_get 'HF_TOKEN'", "SECRET_PREFIX='skyrun-run-v-run-v-1-'");
        assertThat(pool.getContainerSpec().getEnvList()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("EPOCHS", "3"), org.assertj.core.groups.Tuple.tuple("SKYRUN_RUN_ID", "run-v"));
        assertThat(pool.getContainerSpec().getEnvList()).extracting(EnvVar::getName).doesNotContain("HF_TOKEN");
        assertThat(spec.getBaseOutputDirectory().getOutputUriPrefix()).isEqualTo("gs://acme-runs/skyrun/run-v/run-v-1/output");
        assertThat(spec.getScheduling().getStrategy()).isEqualTo(Scheduling.Strategy.SPOT);

        assertThat(secretManager.secrets).containsKey("skyrun-run-v-run-v-1-HF_TOKEN");
        String encoded = Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes());
        assertThat(vertex.requests).allSatisfy(r -> assertThat(r.toString() + Base64.getEncoder().encodeToString(r.toByteArray()))
                .doesNotContain(SECRET_VALUE).doesNotContain(encoded));
        assertThat(new String(create.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET_VALUE);
        assertThat(http.requests()).filteredOn(r -> !r.path().endsWith(":addVersion"))
                .noneMatch(r -> r.body().contains(SECRET_VALUE) || r.body().contains(encoded));

        JobHandle again = vertexCloud.submit(c, GcpTestSupport.job("run-v"), GcpTestSupport.secrets());
        assertThat(again.id()).as("a resubmit adopts the job").isEqualTo(h.id());
        assertThat(vertex.received(CreateCustomJobRequest.class)).hasSize(1);
    }

    @Test
    void jobStatesAreMapped() throws Exception {
        Cluster c = vertexCloud.provision(v5e(true), GcpTestSupport.request("run-s", "run-s-1"));
        String job = vertexCloud.submit(c, GcpTestSupport.job("run-s"), Secrets.none()).id();
        String id = job.substring(job.lastIndexOf('/') + 1);

        assertThat(vertexCloud.state(c)).isEqualTo(new NodeState.Pending("CustomJob " + id + " is JOB_STATE_QUEUED"));
        vertex.set(job, JobState.JOB_STATE_PENDING, null);
        assertThat(vertexCloud.state(c)).isInstanceOf(NodeState.Pending.class);
        vertex.set(job, JobState.JOB_STATE_RUNNING, null);
        assertThat(vertexCloud.state(c)).isEqualTo(new NodeState.Running());
        vertex.set(job, JobState.JOB_STATE_SUCCEEDED, null);
        assertThat(vertexCloud.state(c)).isEqualTo(new NodeState.Succeeded());
        vertex.set(job, JobState.JOB_STATE_FAILED, "The replica workerpool0-0 exited with a non-zero status of 3. Termination reason: Error.");
        assertThat(vertexCloud.state(c)).isInstanceOfSatisfying(NodeState.Failed.class, f -> assertThat(f.exitCode()).isEqualTo(3));
        vertex.set(job, JobState.JOB_STATE_FAILED, "The replica workerpool0-0 was preempted (Spot VM reclaimed).");
        assertThat(vertexCloud.state(c)).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains(id, "preempted"));
        vertex.set(job, JobState.JOB_STATE_EXPIRED, "no capacity");
        assertThat(vertexCloud.state(c)).isInstanceOf(NodeState.Lost.class);
        vertex.set(job, JobState.JOB_STATE_CANCELLED, null);
        assertThat(vertexCloud.state(c)).isInstanceOfSatisfying(NodeState.Failed.class, f -> assertThat(f.exitCode()).isEqualTo(130));

        assertThat(vertex.received(ListCustomJobsRequest.class)).as("polls read the job by name").hasSize(1);
        assertThat(vertex.received(GetCustomJobRequest.class)).hasSize(8);
        try (VertexCloud resumed = (VertexCloud) new VertexProvider().open(settings(http, vertex, Map.of()))) {
            assertThat(resumed.state(c)).as("a new runner finds the job by its cluster label").isInstanceOf(NodeState.Failed.class);
        }

        vertex.jobs.clear();
        assertThat(vertexCloud.state(c)).isInstanceOf(NodeState.Lost.class);
    }

    @Test
    void aPreemptionOfAnOnDemandJobIsAFailureNotAPreemption() throws Exception {
        Cluster c = vertexCloud.provision(v5e(false), GcpTestSupport.request("run-o", "run-o-1"));
        String job = vertexCloud.submit(c, GcpTestSupport.job("run-o"), Secrets.none()).id();
        vertex.set(job, JobState.JOB_STATE_FAILED, "The replica workerpool0-0 was preempted.");
        assertThat(vertexCloud.state(c)).isInstanceOf(NodeState.Failed.class);
        assertThat(vertex.received(CreateCustomJobRequest.class).get(0).getCustomJob().getJobSpec().getScheduling().getStrategy())
                .isEqualTo(Scheduling.Strategy.ON_DEMAND);
    }

    @Test
    void downCancelsThenDeletesTheJobAndItsSecrets() throws Exception {
        Cluster c = vertexCloud.provision(v5e(true), GcpTestSupport.request("run-d", "run-d-1"));
        String job = vertexCloud.submit(c, GcpTestSupport.job("run-d"), GcpTestSupport.secrets()).id();
        vertex.set(job, JobState.JOB_STATE_RUNNING, null);
        assertThat(vertexCloud.findLabelled(Labels.run("run-d"))).extracting(r -> r.id()).containsExactly(job);
        assertThat(vertexCloud.findLabelled(Labels.run(""))).hasSize(1);

        vertexCloud.terminate(c);

        assertThat(vertex.received(CancelCustomJobRequest.class)).extracting(CancelCustomJobRequest::getName).containsExactly(job);
        assertThat(vertex.received(DeleteCustomJobRequest.class)).extracting(DeleteCustomJobRequest::getName).containsExactly(job);
        assertThat(vertex.requests.indexOf(vertex.received(DeleteCustomJobRequest.class).get(0)))
                .isGreaterThan(vertex.requests.indexOf(vertex.received(CancelCustomJobRequest.class).get(0)));
        assertThat(vertex.jobs).isEmpty();
        assertThat(secretManager.secrets).isEmpty();
        assertThat(vertexCloud.findLabelled(Labels.run("run-d"))).isEmpty();
        vertexCloud.terminate(c); // idempotent
    }

    @Test
    void multiNodeGpuJobsHaveAChiefPoolAndAWorkerPool() throws Exception {
        Placement a100 = new Placement("vertex", "us-central1", Optional.empty(), "a2-highgpu-2g", false,
                Optional.of(new AcceleratorChoice("A100", 2)), 24, 170, 8.4, 3, "test");
        Cluster c = vertexCloud.provision(a100, GcpTestSupport.request("run-m", "run-m-1"));
        assertThat(c.nodeIds()).containsExactly("workerpool0-0", "workerpool1-0", "workerpool1-1");
        vertexCloud.submit(c, GcpTestSupport.job("run-m"), Secrets.none());
        CustomJobSpec spec = vertex.received(CreateCustomJobRequest.class).get(0).getCustomJob().getJobSpec();
        assertThat(spec.getWorkerPoolSpecsList()).extracting(WorkerPoolSpec::getReplicaCount).containsExactly(1L, 2L);
        assertThat(spec.getWorkerPoolSpecsList()).allSatisfy(p -> {
            assertThat(p.getMachineSpec().getMachineType()).isEqualTo("a2-highgpu-2g");
            assertThat(p.getMachineSpec().getAcceleratorType()).isEqualTo(AcceleratorType.NVIDIA_TESLA_A100);
            assertThat(p.getMachineSpec().getAcceleratorCount()).isEqualTo(2);
        });
    }

    /** Runs in an image with curl, and in a slim Python one without (secret_get falls back to python3). */
    @ParameterizedTest
    @ValueSource(strings = {Docker.VM_IMAGE, Docker.PYTHON_IMAGE})
    void theContainerCommandReadsRankAndSecretLinksMountsAndWritesItsLogThroughCloudStorageFuse(String image, @TempDir Path gcsFuse)
            throws Exception {
        Files.createDirectories(gcsFuse.resolve("data/in"));
        Files.writeString(gcsFuse.resolve("data/in/a.txt"), "alpha\n");
        String canary = "canary-" + UUID.randomUUID() + " $(touch /tmp/pwned) 'q' \"dq\"\nline 2\n";
        Cluster cluster;
        try (FakeHttpServer metadata = FakeHttpServer.start()) {
            metadata.route(r -> r.path().equals("/computeMetadata/v1/instance/service-accounts/default/token")
                    && "Google".equals(r.header("Metadata-Flavor")),
                    r -> FakeHttpServer.Reply.json(200, "{\"access_token\":\"ya29.vertex\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
            try (VertexCloud withMetadata = (VertexCloud) new VertexProvider().open(settings(http, vertex,
                    Map.of("metadata_endpoint", metadata.uri() + "/computeMetadata/v1")))) {
                Placement p = new Placement("vertex", "us-central1", Optional.empty(), "n1-standard-8", true,
                        Optional.of(new AcceleratorChoice("T4", 1)), 8, 30, 0.8, 3, "test");
                Cluster c = withMetadata.provision(p, GcpTestSupport.request("run-c", "run-c-1"));
                JobSpec job = new JobSpec("run-c", "task-1", 1, "unused", Optional.of("echo setting up"),
                        "printf '%s' \"$HF_TOKEN\" | md5sum; echo \"rank=$SKYRUN_NODE_RANK twin=$SKYPILOT_NODE_RANK epochs=$EPOCHS\";"
                                + " cat /data/a.txt; cp /data/a.txt /out/copy.txt; exit 7",
                        Map.of("EPOCHS", "3"), List.of("HF_TOKEN"),
                        List.of(new JobSpec.Mount("/data", "gs://data/in", true), new JobSpec.Mount("/out", "gs://data/out/", false)),
                        3, 1, 0, 0, "/checkpoints");
                withMetadata.submit(c, job, Secrets.of(Map.of("HF_TOKEN", canary)));
                cluster = c;
            }
            ContainerSpec container = vertex.received(CreateCustomJobRequest.class).get(0).getCustomJob().getJobSpec()
                    .getWorkerPoolSpecs(1).getContainerSpec();
            // what Vertex AI does on the second replica of worker pool 1: CLUSTER_SPEC, the spec's env, the command
            List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "host", "--label", "skyrun-run=run-c",
                    "-v", gcsFuse + ":/gcs",
                    "-e", "CLUSTER_SPEC={\"cluster\":{\"workerpool0\":[\"cmle-training-workerpool0-0:2222\"]},"
                            + "\"environment\":\"cloud\",\"task\":{\"type\":\"workerpool1\",\"index\":1},\"job\":\"{}\"}"));
            container.getEnvList().forEach(e -> args.addAll(List.of("-e", e.getName() + "=" + e.getValue())));
            args.add(image);
            args.addAll(container.getCommandList());
            Docker.vmImages();
            Docker.Result r = Docker.docker(args.toArray(String[]::new));

            assertThat(r.code()).as(r.output()).isEqualTo(7);
            assertThat(r.output()).contains("setting up", md5(canary), "rank=2 twin=2 epochs=3", "alpha").doesNotContain("canary-");
            assertThat(gcsFuse.resolve("data/out/copy.txt")).hasContent("alpha");
            // Cloud Storage FUSE uploads what the node wrote to its log; skyrun logs reads it from there
            String log = Files.readString(gcsFuse.resolve("acme-runs/skyrun/run-c/run-c-1/node-2/log"));
            assertThat(log).contains("skyrun: setup", "rank=2 twin=2 epochs=3").doesNotContain("canary-");
            gcs.put("acme-runs", "skyrun/run-c/run-c-1/node-2/log", log);
            List<LogLine> lines = new ArrayList<>();
            vertexCloud.logs(cluster, new LogQuery(OptionalInt.of(2), false), lines::add);
            assertThat(lines).extracting(LogLine::node).containsOnly(2);
            assertThat(lines).extracting(LogLine::text).contains("setting up", "rank=2 twin=2 epochs=3", "alpha");
            assertThat(http.requests()).filteredOn(q -> q.path().endsWith("-HF_TOKEN/versions/latest:access")).singleElement()
                    .satisfies(q -> assertThat(q.header("Authorization")).isEqualTo("Bearer ya29.vertex"));
        } finally {
            Docker.removeLabelled("skyrun-run", "run-c");
        }
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aQuotaErrorNamesTheRegionAndWhatToDo() throws Exception {
        vertex.failNextCreate(Status.RESOURCE_EXHAUSTED.withDescription(
                "The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_training_tpu_v5e"));
        Cluster c = vertexCloud.provision(v5e(true), GcpTestSupport.request("run-q", "run-q-1"));
        assertThatThrownBy(() -> vertexCloud.submit(c, GcpTestSupport.job("run-q"), Secrets.none()))
                .isInstanceOfSatisfying(CapacityException.class, e -> assertThat(e.scope()).isEqualTo(CapacityException.Scope.REGION))
                .hasMessageContaining("vertex us-central1 customJobs.create run-q-1")
                .hasMessageContaining("regional quota exceeded")
                .hasMessageContaining("custom_model_training_tpu_v5e");
    }

    @Test
    void anAcceleratorVertexDoesNotOfferIsRefusedSayingWhatIs() {
        Placement v4 = new Placement("vertex", "us-central1", Optional.empty(), "ct4p-hightpu-4t", false,
                Optional.of(new AcceleratorChoice("tpu-v4-8", 1)), 240, 407, 12.9, 1, "test");
        Cluster c = vertexCloud.provision(v4, GcpTestSupport.request("run-x", "run-x-1"));
        JobSpec job = GcpTestSupport.job("run-x");
        assertThatThrownBy(() -> vertexCloud.submit(c, job, Secrets.none())).isInstanceOf(CloudException.class)
                .hasMessageContaining("does not offer tpu-v4-8").hasMessageContaining("tpu-v5litepod-N");
        assertThat(vertex.received(CreateCustomJobRequest.class)).isEmpty();
        assertThat(List.of(VertexMachine.topology(1), VertexMachine.topology(8), VertexMachine.topology(32)))
                .containsExactly("1x1", "2x4", "4x8");
    }
}
