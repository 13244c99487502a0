package dev.skyrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.kubernetes.fake.KubeTestbed;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.testkit.Docker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubernetes} cloud through the real fabric8 client against fabric8's mock API server
 * in CRUD mode, with a stand-in scheduler and kubelet running each pod's container on the local
 * Docker engine: a GPU spot job lands with the accelerator's selectors, limit and tolerations and
 * its secret only by reference; logs and exit codes come back; the nodes of a two-node job find
 * each other through the headless service; taking a cluster down leaves no object.
 */
class KubeCloudIT {

    static final String SECRET = "hf_k8s_5ecr3t-never-in-a-pod-spec";

    @TempDir
    Path tmp;

    KubeTestbed k8s;
    Cloud cloud;
    String run;
    final List<Cluster> clusters = new ArrayList<>();

    @BeforeEach
    void start() {
        k8s = new KubeTestbed(tmp);
        k8s.cluster("gke-a", List.of(
                KubeTestbed.gpuNode("cpu-1", Map.of("kubernetes.io/hostname", "cpu-1"), 0, List.of()),
                KubeTestbed.gpuNode("t4-spot-1", Map.of(NodeAccelerator.GKE_GPU, "nvidia-tesla-t4", "cloud.google.com/gke-spot", "true"), 4,
                        List.of(new Taint("NoSchedule", "nvidia.com/gpu", null, "present"),
                                new Taint("NoSchedule", "cloud.google.com/gke-spot", null, "true")))));
        cloud = new KubeProvider().open(k8s.settings(Map.of()));
        run = "run-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void stop() {
        clusters.forEach(c -> cloud.terminate(c));
        cloud.close();
        k8s.close();
    }

    @Test
    void aGpuSpotJobLandsOnTheGpuNodeRunsAndLeavesNothingWhenTakenDown() throws Exception {
        Placement t4 = new Placement("kubernetes", "gke-a", Optional.empty(), "8CPU--32GB--4xT4", true,
                Optional.of(new AcceleratorChoice("T4", 1)), 2, 4, 0, 1, "test");
        Cluster cluster = launch(t4, "c1", "echo \"gpus=$SKYRUN_NUM_GPUS_PER_NODE rank=$SKYRUN_NODE_RANK ips=$SKYRUN_NODE_IPS\";"
                + " echo \"token=$HF_TOKEN\"", Secrets.of(Map.of("HF_TOKEN", SECRET)));

        assertThat(await(cluster)).isEqualTo(new NodeState.Succeeded());
        Pod pod = api().pods().inNamespace(KubeTestbed.NAMESPACE).withName(cluster.nodeIds().get(0)).get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("t4-spot-1");
        assertThat(pod.getSpec().getNodeSelector()).containsExactlyInAnyOrderEntriesOf(
                Map.of(NodeAccelerator.GKE_GPU, "nvidia-tesla-t4", "cloud.google.com/gke-spot", "true"));
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey).contains("nvidia.com/gpu", "cloud.google.com/gke-spot");
        assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.RUN, run).containsEntry(Labels.CLUSTER, cluster.name());
        assertThat(container.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo(KubeNames.secret("c1")));
        assertThat(Serialization.json(pod)).as("the pod spec never holds a secret value").doesNotContain(SECRET);

        List<String> lines = logs(cluster);
        assertThat(lines).as("%s", pod.getStatus()).contains("gpus=1 rank=0 ips=" + pod.getStatus().getPodIP(), "token=" + SECRET);

        cloud.terminate(cluster);
        clusters.remove(cluster);
        assertNothingLeft();
    }

    @Test
    void aFailingJobComesBackWithItsExitCodeAndOutput() throws Exception {
        Cluster cluster = launch(cpu("gke-a", 1), "c2", "echo 'loss went NaN' >&2; exit 3", Secrets.none());

        assertThat(await(cluster)).isEqualTo(new NodeState.Failed(3, "node 0 exited 3"));
        assertThat(logs(cluster)).contains("loss went NaN");
        Pod pod = api().pods().inNamespace(KubeTestbed.NAMESPACE).withName(cluster.nodeIds().get(0)).get();
        assertThat(pod.getSpec().getNodeSelector()).as("a CPU job selects no accelerator").isEmpty();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("cpu-1");
    }

    @Test
    void theNodesOfATwoNodeJobFindEachOtherThroughTheHeadlessService() throws Exception {
        Cluster cluster = launch(cpu("gke-a", 2), "c3", "echo \"rank $SKYRUN_NODE_RANK of $SKYRUN_NUM_NODES sees $(echo $SKYRUN_NODE_IPS)\"",
                Secrets.none());

        assertThat(await(cluster)).as("%s", logs(cluster)).isEqualTo(new NodeState.Succeeded());
        List<String> ips = cluster.nodeIds().stream()
                .map(p -> api().pods().inNamespace(KubeTestbed.NAMESPACE).withName(p).get().getStatus().getPodIP()).toList();
        assertThat(ips).doesNotHaveDuplicates().allSatisfy(ip -> assertThat(ip).isNotBlank());
        assertThat(logs(cluster)).contains("rank 0 of 2 sees " + ips.get(0) + " " + ips.get(1),
                "rank 1 of 2 sees " + ips.get(0) + " " + ips.get(1));
        assertThat(api().services().inNamespace(KubeTestbed.NAMESPACE).withName(KubeNames.service("c3")).get().getSpec().getClusterIP())
                .isEqualTo("None");

        cloud.terminate(cluster);
        clusters.remove(cluster);
        assertNothingLeft();
    }

    @Test
    void theNodesAreTheOfferingsWithFreeCountsAndCheckSaysWhatIsAllowed() throws Exception {
        Cluster busy = launch(new Placement("kubernetes", "gke-a", Optional.empty(), "8CPU--32GB--1xT4", true,
                Optional.of(new AcceleratorChoice("T4", 1)), 1, 1, 0, 1, "test"), "c4", "sleep 20", Secrets.none());

        List<dev.skyrun.cloud.LiveOffer> offers = cloud.ownOffers();
        assertThat(offers).extracting(o -> o.offering().instanceType()).containsExactlyInAnyOrder(
                "8CPU--32GB", "8CPU--32GB--1xT4", "8CPU--32GB--2xT4", "8CPU--32GB--4xT4");
        assertThat(offers).filteredOn(o -> o.offering().acceleratorName().isPresent()).allSatisfy(o -> {
            assertThat(o.offering().region()).isEqualTo("gke-a");
            assertThat(o.offering().spotPrice()).as("spot nodes").isPresent();
            assertThat(o.accelerators()).isEqualTo(4);
            assertThat(o.free()).as("one T4 taken by the running job").isEqualTo(3);
        });
        cloud.terminate(busy);
        clusters.remove(busy);

        k8s.get("gke-a").dispatcher().deny("secrets");
        var check = cloud.check();
        assertThat(check.ok()).isFalse();
        assertThat(check.details()).contains("gke-a: namespace ml: ok", "gke-a: create pods: allowed",
                "gke-a: create secrets: denied (no RBAC rule allows it)", "gke-a: accelerators: 4x T4");
        assertThat(check.details()).anySatisfy(d -> assertThat(d).startsWith("gke-a: reachable (Kubernetes "));
    }

    private Cluster launch(Placement p, String name, String command, Secrets secrets) throws Exception {
        Cluster cluster = cloud.provision(p, new ClusterRequest(run, name, "intent-" + name, Labels.run(run), 0));
        clusters.add(cluster);
        JobSpec job = new JobSpec(run, "task-1", 1, Docker.busybox(), Optional.empty(), command, Map.of("EPOCHS", "1"),
                List.copyOf(secrets.names()), List.of(), p.nodes(), p.accelerator().map(AcceleratorChoice::count).orElse(0.0),
                0.5, 0.25, "/checkpoints");
        cloud.submit(cluster, job, secrets);
        return cluster;
    }

    private NodeState await(Cluster cluster) throws InterruptedException {
        NodeState s = cloud.state(cluster);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(s instanceof NodeState.Succeeded || s instanceof NodeState.Failed || s instanceof NodeState.Preempted)
                && System.nanoTime() < deadline) {
            s = cloud.awaitChange(cluster, s, Duration.ofSeconds(5));
            assertThat(k8s.get("gke-a").kubelet().failure()).isEmpty();
        }
        return s;
    }

    private List<String> logs(Cluster cluster) {
        List<String> lines = new ArrayList<>();
        cloud.logs(cluster, LogQuery.all(), l -> lines.add(l.text()));
        return lines;
    }

    private void assertNothingLeft() {
        String ns = KubeTestbed.NAMESPACE;
        assertThat(api().pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(api().services().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(api().secrets().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(cloud.findLabelled(Labels.run(run))).isEmpty();
    }

    private KubernetesClient api() {
        return k8s.get("gke-a").api();
    }

    static Placement cpu(String context, int nodes) {
        return new Placement("kubernetes", context, Optional.empty(), "8CPU--32GB", false, Optional.empty(), 1, 1, 0, nodes, "test");
    }

    /** fabric8's JSON of an object, as the API stores it. */
    static final class Serialization {
        static String json(Object o) {
            return io.fabric8.kubernetes.client.utils.Serialization.asJson(o);
        }
    }
}
