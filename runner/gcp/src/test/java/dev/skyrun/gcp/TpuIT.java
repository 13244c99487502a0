package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.testkit.FakeHttpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TpuIT extends FakeGoogleTest {

    private static Placement v5e(String zone, int chips) {
        return new Placement("gcp", zone.substring(0, zone.lastIndexOf('-')), java.util.Optional.of(zone), "TPU-VM", true,
                java.util.Optional.of(new dev.skyrun.spec.AcceleratorChoice("tpu-v5litepod-" + chips, 1)), 0, 0, 1.2, 1, "test");
    }

    @Test
    void spotV5eIsCreatedWithRuntimeFromAcceleratorArgsAndTheBootstrapOnEveryWorker() throws Exception {
        ClusterRequest req = new ClusterRequest("run-t", "tc1", "intent-tc1", Labels.cluster("run-t", "tc1"), 0,
                Map.of("runtime_version", "v2-alpha-tpuv5-lite-custom"));
        Cluster c = cloud.provision(v5e("us-west4-a", 16), req);

        FakeHttpServer.Request create = http.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(create.path()).isEqualTo("/v2/projects/acme-ml/locations/us-west4-a/nodes");
        assertThat(create.params()).containsEntry("nodeId", "tc1-0");
        JsonNode body = new ObjectMapper().readTree(create.body());
        assertThat(body.at("/acceleratorType").asText()).isEqualTo("v5litepod-16");
        assertThat(body.at("/runtimeVersion").asText()).isEqualTo("v2-alpha-tpuv5-lite-custom");
        assertThat(body.at("/schedulingConfig/spot").asBoolean()).isTrue();
        assertThat(body.at("/labels/skyrun-run").asText()).isEqualTo("run-t");
        assertThat(body.at("/metadata/startup-script").asText()).contains("store_get 'acme-runs' 'skyrun/run-t/tc1/job.sh'", "WORKERS=4");
        assertThat(body.at("/metadata/skyrun-node").asText()).isEqualTo("0");
        assertThat(http.requests()).anyMatch(r -> r.path().matches("/v2/projects/acme-ml/locations/us-west4-a/operations/operation-\\d+"));
        assertThat(c.attributes()).containsEntry("workers", "4").containsEntry("kind", "tpu");
        assertThat(cloud.findLabelled(Labels.run("run-t"))).extracting(r -> r.kind()).containsExactly("tpu-node");
    }

    @Test
    void defaultRuntimeVersionPerGeneration() {
        assertThat(TpuSlice.of(v5e("us-west4-a", 8)).orElseThrow().runtimeVersion(Map.of())).isEqualTo("v2-alpha-tpuv5-lite");
    }

    @Test
    void spotV5eJobPreemptedThenRecoveredInTheNextZone() throws Exception {
        Cluster first = cloud.provision(v5e("us-west4-a", 8), GcpTestSupport.request("run-p", "tp1"));
        cloud.submit(first, GcpTestSupport.job("run-p"), GcpTestSupport.secrets());
        gcs.put("acme-runs", "skyrun/run-p/tp1/node-0/heartbeat", Long.toString(System.currentTimeMillis() / 1000));
        assertThat(cloud.state(first)).isEqualTo(new NodeState.Running());

        tpu.preempt("us-west4-a", "tp1-0");
        assertThat(cloud.state(first)).isEqualTo(new NodeState.Preempted("TPU tp1-0 in us-west4-a is PREEMPTED"));

        // What the controller does on PREEMPTED: tear down, block the zone, provision the next placement.
        cloud.terminate(first);
        assertThat(tpu.nodes).isEmpty();
        tpu.stockOutNextCreate("us-east5-a");
        assertThatThrownBy(() -> cloud.provision(v5e("us-east5-a", 8), GcpTestSupport.request("run-p", "tp2")))
                .isInstanceOf(CapacityException.class)
                .satisfies(e -> assertThat(((CapacityException) e).scope()).isEqualTo(CapacityException.Scope.ZONE))
                .hasMessageContaining("gcp us-east5/us-east5-a tpu nodes.create tp2-0").hasMessageContaining("no more capacity");
        Cluster second = cloud.provision(v5e("us-south1-a", 8), GcpTestSupport.request("run-p", "tp3"));
        cloud.submit(second, GcpTestSupport.job("run-p"), GcpTestSupport.secrets());
        gcs.put("acme-runs", "skyrun/run-p/tp3/node-0/exit_code", "0");
        assertThat(cloud.state(second)).isEqualTo(new NodeState.Succeeded());
    }
}
