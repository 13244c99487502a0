package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.aiplatform.v1.CreateCustomJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.Scheduling;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Player;
import dev.skyrun.testkit.PlannedLaunch;
import dev.skyrun.testkit.RecordingListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Google Cloud failures end to end through the run controller: a preempted spot VM and a
 * preempted spot TPU v5e slice recover on the next placement; each provisioning error blocks
 * its scope (zone, region, the whole cloud) or ends the run as an infrastructure failure with
 * what to fix. The test plays the VMs: once a cluster's job script is in the GCS fake it writes
 * the node's heartbeat, log and exit code there.
 */
class GcpRecoveryIT extends FakeGoogleTest {

    private static final Pattern JOB = Pattern.compile("skyrun/([^/]+)/([^/]+)/job\\.sh");

    @TempDir
    Path tmp;

    final RecordingListener heard = new RecordingListener();
    final List<EventRecord> events = heard.events;
    final List<LogLine> lines = heard.lines;
    Thread player;
    /** The attempts of the last launch, as the state store recorded them. */
    List<AttemptRecord> attempts = List.of();

    @AfterEach
    void stopPlayer() {
        if (player != null) {
            player.interrupt();
        }
    }

    @Test
    void aPreemptedSpotVmRecoversInTheNextZone() throws Exception {
        play((cluster, nth) -> {
            if (nth == 1) {
                Thread.sleep(300);
                compute.failNextInsert(FakeCompute.Failure.operation("ZONE_RESOURCE_POOL_EXHAUSTED",
                        "The zone 'projects/acme-ml/zones/us-central1-a' does not have enough resources available to fulfill the request."));
                compute.preempt("us-central1-a", GceLabels.name(cluster, 0));
                return false;
            }
            return true;
        });
        RunOutcome out = launch(List.of(vm("us-central1-a", 0.35), vm("us-central1-b", 0.36)));

        assertThat(out.status()).as(out.reason() + " " + events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(attempts).extracting(AttemptRecord::placement).first().isEqualTo("gcp/us-central1/us-central1-a");
        assertThat(attempts).extracting(AttemptRecord::placement).last().isEqualTo("gcp/us-central1/us-central1-b");
        assertThat(attempts.get(0).status()).isEqualTo(RunStatus.PREEMPTED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("compute.instances.preempted");
        // FAILOVER tries the same zone first; it has no capacity left, so the zone is blocked
        assertThat(insertZones()).containsExactly("us-central1-a", "us-central1-a", "us-central1-b");
        assertThat(events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("ZONE_RESOURCE_POOL_EXHAUSTED"));
        assertThat(lines).extracting(LogLine::text).contains("trained on " + attempts.get(attempts.size() - 1).clusterName());
        assertThat(compute.instances).isEmpty();
    }

    @Test
    void aPreemptedSpotTpuV5eSliceRecoversInTheNextZone() throws Exception {
        play((cluster, nth) -> {
            if (nth == 1) {
                Thread.sleep(300);
                tpu.stockOutNextCreate("us-west4-a");
                tpu.preempt("us-west4-a", GceLabels.name(cluster, 0));
                return false;
            }
            return true;
        });
        RunOutcome out = launch(List.of(v5e("us-west4-a", 1.20), v5e("us-east5-a", 1.25)));

        assertThat(out.status()).as(out.reason() + " " + events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(attempts).extracting(AttemptRecord::placement)
                .containsExactly("gcp/us-west4/us-west4-a", "gcp/us-west4/us-west4-a", "gcp/us-east5/us-east5-a");
        assertThat(attempts.get(0).status()).isEqualTo(RunStatus.PREEMPTED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("is PREEMPTED");
        assertThat(events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("no more capacity"));
        assertThat(http.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/nodes"))
                .allSatisfy(r -> assertThat(r.body()).contains("\"acceleratorType\":\"v5litepod-8\"", "\"spot\":true"));
        assertThat(tpu.nodes).isEmpty();
    }

    @Test
    void aPreemptedVertexSpotJobIsRelaunchedAndItsLogsAreRead() throws Exception {
        try (FakeVertex vertex = new FakeVertex()) {
            Set<String> handled = new HashSet<>();
            Thread jobs = Player.start(() -> {
                for (var job : List.copyOf(vertex.jobs.values())) {
                    if (!handled.add(job.getName())) {
                        continue;
                    }
                    vertex.set(job.getName(), JobState.JOB_STATE_RUNNING, null);
                    Thread.sleep(300);
                    String cluster = job.getLabelsMap().get("skyrun-cluster");
                    if (handled.size() == 1) {
                        vertex.set(job.getName(), JobState.JOB_STATE_FAILED, "The replica workerpool0-0 was preempted.");
                    } else {
                        gcs.put("acme-runs", "skyrun/" + job.getLabelsMap().get("skyrun-run") + "/" + cluster + "/node-0/log",
                                "skyrun: run\ntrained on " + cluster + "\n");
                        vertex.set(job.getName(), JobState.JOB_STATE_SUCCEEDED, null);
                    }
                }
            });
            try {
                RunOutcome out = launch(List.of(vertexV5e("us-central1", 2.208), vertexV5e("europe-west4", 2.4288)),
                        Map.of("SKYRUN_VERTEX_AIPLATFORM_ENDPOINT", vertex.endpoint()));

                assertThat(out.status()).as(out.reason() + " " + events).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(attempts).extracting(AttemptRecord::status).containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
                assertThat(attempts.get(0).reason().orElseThrow()).contains("preempted");
                assertThat(vertex.received(CreateCustomJobRequest.class)).hasSize(2).allSatisfy(r ->
                        assertThat(r.getCustomJob().getJobSpec().getScheduling().getStrategy()).isEqualTo(Scheduling.Strategy.SPOT));
                assertThat(lines).extracting(LogLine::text).contains("trained on " + attempts.get(1).clusterName());
                assertThat(vertex.jobs).as("--down deletes every job of the run").isEmpty();
            } finally {
                jobs.interrupt();
            }
        }
    }

    static Stream<Arguments> provisioningErrors() {
        String zone = "The zone 'projects/acme-ml/zones/us-central1-a' does not have enough resources available to fulfill the request.";
        return Stream.of(
                Arguments.of(FakeCompute.Failure.operation("ZONE_RESOURCE_POOL_EXHAUSTED", zone),
                        List.of("us-central1-a", "us-central1-b"), RunStatus.SUCCEEDED, "ZONE_RESOURCE_POOL_EXHAUSTED"),
                Arguments.of(FakeCompute.Failure.operation("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", zone + " '(resource type:compute)'."),
                        List.of("us-central1-a", "us-central1-b"), RunStatus.SUCCEEDED, "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS"),
                Arguments.of(FakeCompute.Failure.http(503, "resourceExhausted", "Resource exhausted in zone us-central1-a"),
                        List.of("us-central1-a", "us-central1-b"), RunStatus.SUCCEEDED, "resourceExhausted"),
                Arguments.of(FakeCompute.Failure.operation("QUOTA_EXCEEDED", "Quota 'NVIDIA_T4_GPUS' exceeded.  Limit: 0.0 in region us-central1."),
                        List.of("us-central1-a", "us-east1-b"), RunStatus.SUCCEEDED, "QUOTA_EXCEEDED"),
                Arguments.of(FakeCompute.Failure.operation("QUOTA_EXCEEDED", "Quota 'GPUS_ALL_REGIONS' exceeded.  Limit: 0.0 globally."),
                        List.of("us-central1-a"), RunStatus.INFRA_FAILED, "compute.googleapis.com/gpus_all_regions"),
                Arguments.of(FakeCompute.Failure.http(403, "forbidden",
                        "Required 'compute.instances.create' permission for 'projects/acme-ml/zones/us-central1-a/instances/x-0'"),
                        List.of("us-central1-a"), RunStatus.INFRA_FAILED, "gcloud auth application-default login"));
    }

    @ParameterizedTest
    @MethodSource("provisioningErrors")
    void eachProvisioningErrorBlocksItsScope(FakeCompute.Failure failure, List<String> zonesTried, RunStatus status, String says)
            throws Exception {
        play((cluster, nth) -> true);
        compute.failNextInsert(failure);
        RunOutcome out = launch(List.of(vm("us-central1-a", 0.35), vm("us-central1-b", 0.36), vm("us-east1-b", 0.37)));

        assertThat(out.status()).as(out.reason() + " " + events).isEqualTo(status);
        assertThat(insertZones()).containsExactlyElementsOf(zonesTried);
        if (status == RunStatus.SUCCEEDED) {
            assertThat(events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains(says));
        } else {
            // no placement left: an infrastructure failure (exit 3) whose reason says what to fix
            assertThat(out.reason()).contains("no placement left to try (gcp blocked)", says);
        }
        assertThat(compute.instances).isEmpty();
    }

    /** What the test's VM does with the {@code nth} cluster's job; true: run it to exit 0. */
    @FunctionalInterface
    interface Vm {
        boolean onJob(String cluster, int nth) throws Exception;
    }

    /** Plays the VMs: heartbeat for every cluster with a job script, then what {@code vm} says. */
    private void play(Vm vm) {
        Set<String> handled = new HashSet<>();
        player = Player.start(() -> {
            for (String key : gcs.under("acme-runs", "skyrun/").keySet()) {
                Matcher m = JOB.matcher(key);
                if (!m.matches() || !handled.add(m.group(2))) {
                    continue;
                }
                String prefix = "skyrun/" + m.group(1) + "/" + m.group(2) + "/node-0/";
                gcs.put("acme-runs", prefix + "heartbeat", Long.toString(Instant.now().getEpochSecond()));
                if (vm.onJob(m.group(2), handled.size())) {
                    gcs.put("acme-runs", prefix + "log", "skyrun: starting\ntrained on " + m.group(2) + "\n");
                    gcs.put("acme-runs", prefix + "exit_code", "0");
                }
            }
        });
    }

    private RunOutcome launch(List<Placement> plan) throws Exception {
        return launch(plan, Map.of());
    }

    private RunOutcome launch(List<Placement> plan, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        for (String cloud : List.of("GCP", "VERTEX")) {
            env.putAll(Map.of("SKYRUN_" + cloud + "_ENDPOINT", http.uri().toString(), "SKYRUN_" + cloud + "_PROJECT", "acme-ml",
                    "SKYRUN_" + cloud + "_BUCKET", "acme-runs", "SKYRUN_" + cloud + "_POLL_MS", "10"));
        }
        PlannedLaunch launched = PlannedLaunch.run(tmp.resolve("home"), List.of(new GcpProvider(), new VertexProvider()), env, task(),
                plan, heard);
        attempts = launched.attempts();
        return launched.outcome();
    }

    private List<String> insertZones() {
        return http.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/instances"))
                .map(r -> r.path().replaceAll(".*/zones/([^/]+)/instances", "$1")).toList();
    }

    private static Placement vm(String zone, double price) {
        return new Placement("gcp", zone.substring(0, zone.lastIndexOf('-')), Optional.of(zone), "n1-standard-8", true,
                Optional.of(new AcceleratorChoice("T4", 1)), 8, 30, price, 1, "test");
    }

    private static Placement v5e(String zone, double price) {
        return new Placement("gcp", zone.substring(0, zone.lastIndexOf('-')), Optional.of(zone), "TPU-VM", true,
                Optional.of(new AcceleratorChoice("tpu-v5litepod-8", 1)), 0, 0, price, 1, "test");
    }

    private static Placement vertexV5e(String region, double price) {
        return new Placement("vertex", region, Optional.empty(), "ct5lp-hightpu-4t", true,
                Optional.of(new AcceleratorChoice("tpu-v5litepod-4", 1)), 112, 192, price, 1, "test");
    }

    /** The tests here follow FAILOVER (same zone first); the default is SkyPilot's EAGER_NEXT_REGION, so they name it. */
    private static final Resources FAILOVER = new Resources(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(), List.of(),
            Optional.of(new dev.skyrun.spec.JobRecovery(dev.skyrun.spec.JobRecovery.Strategy.FAILOVER, 0, List.of())));

    private static TaskSpec task() {
        return new TaskSpec("spotty", Optional.empty(), 1, FAILOVER, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("python train.py"), Optional.of("skyrun-test/trainer:1"), Map.of(), Optional.empty(), List.of());
    }
}
