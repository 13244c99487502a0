package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.Placement;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Player;
import dev.skyrun.testkit.PlannedLaunch;
import dev.skyrun.testkit.RecordingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure end to end through the run controller, on the real SDK against the Resource Manager fake
 * and a real Blob server (azurite) as the run's status channel: the test plays the VMs (once a
 * cluster's job script is in Blob it writes the node's heartbeat, log and exit code there, as the
 * bootstrap would), the controller reads them back through the shared VM status reader.
 */
class AzureRecoveryIT {

    private static final Pattern JOB = Pattern.compile("skyrun/([^/]+)/([^/]+)/job\\.sh");

    @TempDir
    Path tmp;

    ArmFake arm;
    Azurite blob;
    String container;
    BlobContainerClient runs;
    final RecordingListener heard = new RecordingListener();
    Thread player;
    List<AttemptRecord> attempts = List.of();

    @BeforeEach
    void start() throws IOException {
        arm = new ArmFake();
        blob = Azurite.shared();
        container = AzureTestSupport.container(blob);
        runs = blob.client().getBlobContainerClient(container);
    }

    @AfterEach
    void stop() {
        if (player != null) {
            player.interrupt();
        }
        arm.http.close();
    }

    @Test
    void aJobRunsToSuccessWithItsLogAndExitCodeReadBackFromBlob() throws Exception {
        play((cluster, vm, nth) -> true);
        RunOutcome out = launch(List.of(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2)));

        assertThat(out.status()).as(out.reason() + " " + heard.events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(out.exitCode()).hasValue(0);
        assertThat(heard.events).extracting(e -> e.kind()).contains("SUBMITTED", "ATTEMPT_ENDED", "TERMINATED");
        assertThat(heard.lines).extracting(LogLine::text).contains("trained on " + attempts.get(0).clusterName());
        assertThat(arm.all("virtualMachines")).as("the run's VM is deleted at its end").isEmpty();
        assertThat(arm.all("disks")).isEmpty();
        assertThat(arm.all("networkInterfaces")).isEmpty();
    }

    @Test
    void anEvictedSpotVmIsAPreemptionAndTheRunRecoversOnTheNextPlacement() throws Exception {
        play((cluster, vm, nth) -> {
            if (nth == 1) {
                Thread.sleep(300);
                arm.evict(vm);
                return false;
            }
            return true;
        });
        RunOutcome out = launch(List.of(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2),
                AzureTestSupport.t4("westus2", Optional.empty(), true, 0.21)));

        assertThat(out.status()).as(out.reason() + " " + heard.events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(attempts).extracting(AttemptRecord::status).containsExactly(RunStatus.PREEMPTED, RunStatus.SUCCEEDED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("was evicted");
        assertThat(attempts).extracting(AttemptRecord::placement).last().isEqualTo("azure/westus2");
        assertThat(heard.lines).extracting(LogLine::text).contains("trained on " + attempts.get(1).clusterName());
        assertThat(arm.requests("PUT", "virtualMachines")).extracting(r -> r.path().replaceAll(".*resourceGroups/([^/]+)/.*", "$1"))
                .containsExactly("skyrun-eastus", "skyrun-westus2");
        assertThat(arm.all("virtualMachines")).isEmpty();
    }

    @Test
    void aVmThatFailedItsJobIsAnApplicationFailureWithItsExitCode() throws Exception {
        play((cluster, vm, nth) -> {
            String prefix = "skyrun/" + runOf(cluster) + "/" + cluster + "/node-0/";
            put(prefix + "log", "skyrun: run\nTraceback: boom\n");
            put(prefix + "exit_code", "3");
            return false;
        });
        RunOutcome out = launch(List.of(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2),
                AzureTestSupport.t4("westus2", Optional.empty(), true, 0.21)));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.FAILED);
        assertThat(out.exitCode()).hasValue(3);
        assertThat(attempts).hasSize(1);
        assertThat(heard.lines).extracting(LogLine::text).contains("Traceback: boom");
    }

    /** What the test's VM does with the {@code nth} cluster's job; true: run it to exit 0. */
    @FunctionalInterface
    interface Vm {
        boolean onJob(String cluster, String vmName, int nth) throws Exception;
    }

    private final Map<String, String> runOfCluster = new java.util.concurrent.ConcurrentHashMap<>();

    private String runOf(String cluster) {
        return runOfCluster.get(cluster);
    }

    private void play(Vm vm) {
        Set<String> handled = new HashSet<>();
        player = Player.start(() -> {
            for (BlobItem item : runs.listBlobs()) {
                Matcher m = JOB.matcher(item.getName());
                if (!m.matches() || !handled.add(m.group(2))) {
                    continue;
                }
                runOfCluster.put(m.group(2), m.group(1));
                String prefix = "skyrun/" + m.group(1) + "/" + m.group(2) + "/node-0/";
                put(prefix + "heartbeat", Long.toString(Instant.now().getEpochSecond()));
                if (vm.onJob(m.group(2), AzureVms.name(m.group(2), 0), handled.size())) {
                    put(prefix + "log", "skyrun: starting\ntrained on " + m.group(2) + "\n");
                    put(prefix + "exit_code", "0");
                }
            }
        });
    }

    private void put(String key, String text) {
        runs.getBlobClient(key).upload(com.azure.core.util.BinaryData.fromString(text), true);
    }

    private RunOutcome launch(List<Placement> plan) throws Exception {
        Map<String, String> env = AzureTestSupport.environment(arm, blob, container, null);
        PlannedLaunch launched = PlannedLaunch.run(tmp.resolve("home"), List.of(new AzureProvider()), env, task(), plan, heard);
        attempts = launched.attempts();
        return launched.outcome();
    }

    private static final Resources FAILOVER = new Resources(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(), List.of(),
            Optional.of(new dev.skyrun.spec.JobRecovery(dev.skyrun.spec.JobRecovery.Strategy.EAGER_NEXT_REGION, 0, List.of())));

    private static TaskSpec task() {
        return new TaskSpec("azure-" + UUID.randomUUID().toString().substring(0, 6), Optional.empty(), 1, FAILOVER, Map.of(), Map.of(),
                Map.of(), Optional.empty(), Optional.of("python train.py"), Optional.of("skyrun-test/trainer:1"), Map.of(),
                Optional.empty(), List.of());
    }
}
