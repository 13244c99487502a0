package dev.skyrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.Placement;
import dev.skyrun.kubernetes.fake.KubeTestbed;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.Player;
import dev.skyrun.testkit.PlannedLaunch;
import dev.skyrun.testkit.RecordingListener;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes failures end to end through the run controller, on two test clusters (contexts
 * {@code gke-a} and {@code gke-b}) whose pods run on the local Docker engine: an evicted spot pod
 * is a preemption, relaunched on the same context first (FAILOVER); a context whose GPUs are all
 * taken leaves the pod {@code Unschedulable}, which blocks that context, and the job runs on the
 * next one. A finished run leaves no object on either cluster.
 */
class KubeRecoveryIT {

    @TempDir
    Path tmp;

    KubeTestbed k8s;
    final RecordingListener heard = new RecordingListener();
    List<AttemptRecord> attempts = List.of();
    Thread player;

    @BeforeEach
    void start() {
        k8s = new KubeTestbed(tmp);
        for (String context : List.of("gke-a", "gke-b")) {
            k8s.cluster(context, List.of(KubeTestbed.gpuNode(context + "-t4", Map.of(NodeAccelerator.GKE_GPU, "nvidia-tesla-t4",
                    "cloud.google.com/gke-spot", "true"), 1, List.of(new Taint("NoSchedule", "nvidia.com/gpu", null, "present")))));
        }
    }

    @AfterEach
    void stop() {
        if (player != null) {
            player.interrupt();
        }
        k8s.close();
    }

    @Test
    void anEvictedSpotPodIsAPreemptionAndTheJobIsRelaunched() throws Exception {
        Set<String> evicted = new HashSet<>();
        KubernetesClient a = k8s.get("gke-a").api();
        player = Player.start(() -> {
            for (Pod p : a.pods().inNamespace(KubeTestbed.NAMESPACE).list().getItems()) {
                if ("Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase()) && evicted.isEmpty()
                        && evicted.add(p.getMetadata().getName())) {
                    k8s.get("gke-a").kubelet().evict(KubeTestbed.NAMESPACE, p.getMetadata().getName());
                }
            }
        });
        RunOutcome out = launch(List.of(t4("gke-a"), t4("gke-b")));

        assertThat(out.status()).as(out.reason() + " " + heard.events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(attempts).extracting(AttemptRecord::placement).containsExactly("kubernetes/gke-a", "kubernetes/gke-a");
        assertThat(attempts.get(0).status()).isEqualTo(RunStatus.PREEMPTED);
        assertThat(attempts.get(0).reason().orElseThrow()).contains("Evicted");
        assertThat(heard.lines).extracting(LogLine::text).contains("trained in attempt 2");
        assertNothingLeft();
    }

    @Test
    void aContextWhoseGpusAreTakenBlocksAndTheJobRunsOnTheNext() throws Exception {
        KubernetesClient a = k8s.get("gke-a").api();
        a.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("someone-elses-training").endMetadata()
                .withNewSpec().withNodeName("gke-a-t4").addNewContainer().withName("train").withImage(Docker.busybox())
                .withCommand("sleep", "600").withNewResources().withLimits(Map.of("nvidia.com/gpu", new Quantity("1"))).endResources()
                .endContainer().endSpec().build()).create();

        RunOutcome out = launch(List.of(t4("gke-a"), t4("gke-b")));

        assertThat(out.status()).as(out.reason() + " " + heard.events).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(heard.events).filteredOn(e -> e.kind().equals("BLOCKED")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("gke-a", "unschedulable", "Insufficient nvidia.com/gpu"));
        assertThat(attempts).extracting(AttemptRecord::placement).last().isEqualTo("kubernetes/gke-b");
        assertThat(heard.lines).extracting(LogLine::text).contains("trained in attempt " + attempts.size());
        assertNothingLeft();
    }

    private RunOutcome launch(List<Placement> plan) throws Exception {
        PlannedLaunch launched = PlannedLaunch.run(tmp.resolve("home"), List.of(new KubeProvider()), k8s.env(), task(), plan, heard);
        attempts = launched.attempts();
        return launched.outcome();
    }

    private void assertNothingLeft() {
        for (String context : List.of("gke-a", "gke-b")) {
            KubernetesClient api = k8s.get(context).api();
            assertThat(api.pods().inNamespace(KubeTestbed.NAMESPACE).list().getItems()).as(context + " pods").isEmpty();
            assertThat(api.services().inNamespace(KubeTestbed.NAMESPACE).list().getItems()).as(context + " services").isEmpty();
            assertThat(api.secrets().inNamespace(KubeTestbed.NAMESPACE).list().getItems()).as(context + " secrets").isEmpty();
        }
    }

    private static Placement t4(String context) {
        return new Placement("kubernetes", context, Optional.empty(), "8CPU--32GB--1xT4", true,
                Optional.of(new AcceleratorChoice("T4", 1)), 1, 1, 0, 1, "test");
    }

    /** FAILOVER (the same context first); the default, SkyPilot's EAGER_NEXT_REGION, would go to gke-b at once. */
    private static final Resources FAILOVER = new Resources(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of(), List.of(),
            Optional.of(new JobRecovery(JobRecovery.Strategy.FAILOVER, 0, List.of())));

    private static TaskSpec task() {
        return new TaskSpec("spotty", Optional.empty(), 1, FAILOVER, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("if [ \"$SKYRUN_ATTEMPT\" = 1 ]; then sleep 30; fi; echo \"trained in attempt $SKYRUN_ATTEMPT\""),
                Optional.of(Docker.busybox()), Map.of(), Optional.empty(), List.of());
    }
}
