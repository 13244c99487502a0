package dev.skyrun.gcp;

import static dev.skyrun.gcp.GcpTestSupport.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.JobHandle;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import java.util.ArrayList;
import java.util.List;
import dev.skyrun.cloud.NodeOptions;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
import java.util.Optional;
import dev.skyrun.testkit.FakeHttpServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GcpCloudIT extends FakeGoogleTest {

    @Test
    void spotT4InstanceIsInsertedWithTheRightFieldsAndPolledToDone() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-1", "c1"));

        assertThat(c.nodeIds()).containsExactly("c1-0");
        FakeHttpServer.Request insert = http.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/compute/v1/projects/acme-ml/zones/us-central1-a/instances")).findFirst().orElseThrow();
        assertThat(insert.params()).containsEntry("requestId",
                UUID.nameUUIDFromBytes("intent-c1/0".getBytes()).toString());
        JsonNode body = new ObjectMapper().readTree(insert.body());
        assertThat(body.at("/machineType").asText()).isEqualTo("zones/us-central1-a/machineTypes/n1-standard-8");
        assertThat(body.at("/guestAccelerators/0/acceleratorType").asText()).isEqualTo("zones/us-central1-a/acceleratorTypes/nvidia-tesla-t4");
        assertThat(body.at("/guestAccelerators/0/acceleratorCount").asInt()).isEqualTo(1);
        assertThat(body.at("/scheduling/provisioningModel").asText()).isEqualTo("SPOT");
        assertThat(body.at("/scheduling/instanceTerminationAction").asText()).isEqualTo("DELETE");
        assertThat(body.at("/scheduling/onHostMaintenance").asText()).isEqualTo("TERMINATE");
        assertThat(body.at("/disks/0/initializeParams/sourceImage").asText()).contains("deeplearning-platform-release/global/images/family/");
        assertThat(body.at("/labels/" + Labels.RUN).asText()).isEqualTo("run-1");
        assertThat(body.at("/labels/" + Labels.CLUSTER).asText()).isEqualTo("c1");
        assertThat(body.at("/labels/" + Labels.NODE).asText()).isEqualTo("0");
        assertThat(body.at("/metadata/items/0/key").asText()).isEqualTo("startup-script");
        assertThat(body.at("/metadata/items/0/value").asText()).contains("store_get 'acme-runs' 'skyrun/run-1/c1/job.sh'");
        assertThat(body.at("/metadata/items/1").toString()).isEqualTo("{\"key\":\"skyrun-node\",\"value\":\"0\"}");
        assertThat(http.requests()).anyMatch(r -> r.method().equals("GET") && r.path().matches(".*/zones/us-central1-a/operations/operation-\\d+"));
        assertThat(cloud.findLabelled(Labels.run("run-1"))).extracting(r -> r.id()).containsExactly("us-central1-a/c1-0");
    }

    @Test
    void portsBecomeAFirewallRuleOnTheClustersTagTheDiskTierItsDiskTypeAndDownRemovesTheRule() throws Exception {
        Placement p = GcpTestSupport.placement("us-central1-a", "n2-standard-8", false, "T4", 1);
        Placement withOptions = new Placement(p.cloud(), p.region(), p.zone(), p.instanceType(), p.spot(), Optional.empty(),
                p.vcpus(), p.memoryGib(), p.pricePerNode(), p.nodes(), p.why(), Optional.of(new NodeOptions(Optional.empty(),
                        List.of(new PortRange(8080, 8080), new PortRange(10000, 10010)), Optional.of(DiskTier.HIGH))));

        Cluster c = cloud.provision(withOptions, GcpTestSupport.request("run-p", "serve"));

        JsonNode instance = new ObjectMapper().readTree(http.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().endsWith("/zones/us-central1-a/instances")).findFirst().orElseThrow().body());
        assertThat(instance.at("/tags/items/0").asText()).isEqualTo("skyrun-serve");
        assertThat(instance.at("/disks/0/initializeParams/diskType").asText()).isEqualTo("zones/us-central1-a/diskTypes/pd-ssd");
        FakeHttpServer.Request insert = http.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/compute/v1/projects/acme-ml/global/firewalls")).findFirst().orElseThrow();
        JsonNode rule = new ObjectMapper().readTree(insert.body());
        assertThat(rule.at("/name").asText()).isEqualTo("skyrun-ports-serve");
        assertThat(rule.at("/direction").asText()).isEqualTo("INGRESS");
        assertThat(rule.at("/sourceRanges").toString()).isEqualTo("[\"0.0.0.0/0\"]");
        assertThat(rule.at("/targetTags").toString()).isEqualTo("[\"skyrun-serve\"]");
        assertThat(rule.at("/allowed/0/IPProtocol").asText()).isEqualTo("tcp");
        assertThat(rule.at("/allowed/0/ports").toString()).isEqualTo("[\"8080\",\"10000-10010\"]");
        assertThat(cloud.findLabelled(Labels.run("run-p"))).extracting(r -> r.kind() + " " + r.id())
                .containsExactlyInAnyOrder("instance us-central1-a/serve-0", "firewall skyrun-ports-serve");

        cloud.terminate(c);

        assertThat(http.requests()).anyMatch(r -> r.method().equals("DELETE")
                && r.path().equals("/compute/v1/projects/acme-ml/global/firewalls/skyrun-ports-serve"));
        assertThat(compute.firewalls).isEmpty();
        assertThat(cloud.findLabelled(Labels.run("run-p"))).isEmpty();
    }

    @Test
    void noPortsNoRuleAndTheDiskTierFollowsTheSeries() throws Exception {
        Placement p = GcpTestSupport.placement("us-central1-a", "a2-highgpu-1g", false, "A100", 1);
        cloud.provision(new Placement(p.cloud(), p.region(), p.zone(), p.instanceType(), p.spot(), p.accelerator(), p.vcpus(),
                p.memoryGib(), p.pricePerNode(), p.nodes(), p.why(), Optional.of(new NodeOptions(Optional.empty(), List.of(),
                        Optional.of(DiskTier.BEST)))), GcpTestSupport.request("run-q", "a2"));

        JsonNode instance = new ObjectMapper().readTree(http.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().endsWith("/instances")).findFirst().orElseThrow().body());
        assertThat(instance.at("/disks/0/initializeParams/diskType").asText())
                .as("a2 has no pd-extreme: its best is pd-ssd").isEqualTo("zones/us-central1-a/diskTypes/pd-ssd");
        assertThat(http.requests()).noneMatch(r -> r.method().equals("POST") && r.path().contains("/global/firewalls"));
    }

    @Test
    void launchRunsToSucceededWithLogsAndExitReadBackAndNoSecretSent() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-2", "c2"));
        JobHandle h = cloud.submit(c, GcpTestSupport.job("run-2"), GcpTestSupport.secrets());
        assertThat(h.id()).isEqualTo("gs://acme-runs/skyrun/run-2/c2/job.sh");
        String job = gcs.get("acme-runs", "skyrun/run-2/c2/job.sh");
        assertThat(job).contains("secret_get 'HF_TOKEN'", "EPOCHS", "skyrun-test/gcp-job:1", "SECRET_PREFIX='skyrun-run-2-c2-'");
        assertThat(secretManager.secrets).containsKey("skyrun-run-2-c2-HF_TOKEN");
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Pending.class);

        // What the VM's scripts write as the job runs:
        gcs.put("acme-runs", "skyrun/run-2/c2/node-0/heartbeat", Long.toString(System.currentTimeMillis() / 1000));
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Running());
        gcs.put("acme-runs", "skyrun/run-2/c2/node-0/log", "hello from 0\n");
        gcs.put("acme-runs", "skyrun/run-2/c2/node-0/exit_code", "0");
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Succeeded());
        List<LogLine> lines = new ArrayList<>();
        cloud.logs(c, LogQuery.all(), lines::add);
        assertThat(lines).containsExactly(new LogLine(0, false, "hello from 0"));

        cloud.terminate(c);
        assertThat(compute.instances).isEmpty();
        assertThat(cloud.findLabelled(Labels.run("run-2"))).isEmpty();
        assertThat(secretManager.secrets).isEmpty();
        String encoded = java.util.Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes());
        assertThat(http.requests()).filteredOn(r -> !r.path().endsWith(":addVersion"))
                .noneMatch(r -> r.body().contains(SECRET_VALUE) || r.body().contains(encoded) || r.query().contains(SECRET_VALUE));
        assertThat(http.requests()).filteredOn(r -> r.path().endsWith(":addVersion")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains(encoded));
    }

    @Test
    void nonZeroExitIsAnApplicationFailure() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-3", "c3"));
        cloud.submit(c, GcpTestSupport.job("run-3"), GcpTestSupport.secrets());
        gcs.put("acme-runs", "skyrun/run-3/c3/node-0/exit_code", "137");
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Failed(137, "exit 137 on node 0 (killed)"));
    }

    @Test
    void spotVmDeletedWithAPreemptedOperationIsPreempted() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-b"), GcpTestSupport.request("run-4", "c4"));
        cloud.submit(c, GcpTestSupport.job("run-4"), GcpTestSupport.secrets());
        gcs.put("acme-runs", "skyrun/run-4/c4/node-0/heartbeat", Long.toString(System.currentTimeMillis() / 1000));
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Running());

        compute.preempt("us-central1-b", "c4-0");

        assertThat(cloud.state(c)).isInstanceOf(NodeState.Preempted.class)
                .extracting(s -> ((NodeState.Preempted) s).reason()).asString().contains("compute.instances.preempted", "c4-0");
    }

    @Test
    void onDemandVmThatVanishesIsLostNotPreempted() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.placement("us-central1-a", "g2-standard-8", false, "L4", 1),
                GcpTestSupport.request("run-5", "c5"));
        compute.instances.clear();
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Lost.class);
    }

    @Test
    void metadataServerNoticeFromTheBootstrapIsPreempted() throws Exception {
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-6", "c6"));
        gcs.put("acme-runs", "skyrun/run-6/c6/node-0/heartbeat", Long.toString(System.currentTimeMillis() / 1000));
        gcs.put("acme-runs", "skyrun/run-6/c6/node-0/preempting", "metadata server: instance/preempted=TRUE");
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Preempted("interruption notice on node 0: metadata server: instance/preempted=TRUE"));
    }

    @Test
    void acceleratorOptimizedTypesCarryNoAttachedGpuAndOnDemandIsStandard() throws Exception {
        cloud.provision(GcpTestSupport.placement("us-central1-c", "a2-highgpu-1g", false, "A100", 1),
                GcpTestSupport.request("run-7", "c7"));
        JsonNode body = new ObjectMapper().readTree(http.requests().stream()
                .filter(r -> r.method().equals("POST")).findFirst().orElseThrow().body());
        assertThat(body.has("guestAccelerators")).isFalse();
        assertThat(body.at("/scheduling/provisioningModel").asText()).isEqualTo("STANDARD");
        assertThat(body.at("/scheduling/onHostMaintenance").asText()).isEqualTo("TERMINATE");
    }
}
