package dev.skyrun.gcp;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.testkit.FakeHttpServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared values for the gcp tests: settings pointing at a loopback fake, placements, a job. */
final class GcpTestSupport {

    static final String SECRET_VALUE = "hf_live_5ecr3t-value-never-sent";

    /** The secrets the job gets: their values go to Secret Manager only. */
    static Secrets secrets() {
        return Secrets.of(Map.of("HF_TOKEN", SECRET_VALUE));
    }

    private GcpTestSupport() {}

    static CloudSettings settings(FakeHttpServer http) {
        return new CloudSettings("gcp", Optional.of(http.uri()), Map.of(
                "project", "acme-ml", "bucket", "acme-runs", "poll_ms", "10"));
    }

    static Placement gpuSpot(String zone) {
        return new Placement("gcp", zone.substring(0, zone.lastIndexOf('-')), Optional.of(zone), "n1-standard-8", true,
                Optional.of(new AcceleratorChoice("T4", 1)), 8, 30, 0.35, 1, "cheapest");
    }

    static Placement placement(String zone, String type, boolean spot, String accelerator, double count) {
        return new Placement("gcp", zone.substring(0, zone.lastIndexOf('-')), Optional.of(zone), type, spot,
                Optional.of(new AcceleratorChoice(accelerator, count)), 8, 30, 1.0, 1, "test");
    }

    static ClusterRequest request(String run, String cluster) {
        return new ClusterRequest(run, cluster, "intent-" + cluster, Labels.cluster(run, cluster), 0);
    }

    static JobSpec job(String run) {
        return new JobSpec(run, "task-1", 1, "skyrun-test/gcp-job:1", Optional.of("echo setting up"),
                "echo hello from $SKYRUN_NODE_RANK; echo token=${HF_TOKEN:+set}", Map.of("EPOCHS", "3"),
                List.of("HF_TOKEN"), List.of(), 1, 1, 0, 0, "/checkpoints");
    }
}
