package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTest {

    @Test
    void aManagedJobsLabelsRideOnTheClusterAndComeBackWithoutThePrefixOrTheOtherAttributes() {
        Map<String, String> attributes = Cluster.withLabels(Map.of("run", "r-1", "bucket", "b"),
                Map.of(Labels.RUN, "r-1", Labels.CLUSTER, "r-1-c1"));
        Cluster c = new Cluster("vertex", "r-1-c1", new Placement("vertex", "us-central1", Optional.empty(), "n1-standard-8", false,
                Optional.empty(), 8, 30, 0.38, 1, "test"), List.of("workerpool0-0"), attributes);

        assertThat(c.attributes()).containsEntry("run", "r-1").containsEntry("label." + Labels.CLUSTER, "r-1-c1");
        assertThat(c.labelAttributes()).isEqualTo(Map.of(Labels.RUN, "r-1", Labels.CLUSTER, "r-1-c1"));
        assertThat(new Cluster("vertex", "x", c.placement(), List.of(), Map.of("run", "r-1")).labelAttributes()).isEmpty();
    }

    @Test
    void aNumericSettingIsReadOrFallsBack() {
        CloudSettings s = new CloudSettings("aws", Optional.empty(), Map.of("poll_ms", "250"));
        assertThat(s.number("poll_ms", 2000)).isEqualTo(250);
        assertThat(s.number("terminate_timeout_s", 600)).isEqualTo(600);
    }
}
