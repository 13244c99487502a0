package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.testkit.RequestedSleeps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Compute Engine faults at create time, through the real client against the loopback fake: an
 * insert whose answer is lost, throttling, and a refusal. An insert is idempotent by its request
 * id and the instance's name (a retry and a resumed launch adopt the one instance); throttling is
 * retried with growing, jittered pauses; a 403 is not retried.
 */
class GceFaultsIT extends FakeGoogleTest {

    private GcpCloud open(String pollMs) {
        return (GcpCloud) new GcpProvider().open(new CloudSettings("gcp", Optional.of(http.uri()), Map.of(
                "project", "acme-ml", "bucket", "acme-runs", "poll_ms", pollMs)));
    }

    private List<String> insertRequestIds() {
        return http.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/instances"))
                .map(r -> r.params().get("requestId")).toList();
    }

    @Test
    void anInsertWhoseAnswerIsLostIsAdoptedByItsRetryAndByAResumedLaunch() throws Exception {
        compute.loseNextInsertAnswer = true;
        Cluster first;
        try (GcpCloud cloud = open("10")) {
            first = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-f", "cf"));
        }
        try (GcpCloud resumed = open("10")) {
            Cluster again = resumed.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-f", "cf"));
            assertThat(again.nodeIds()).isEqualTo(first.nodeIds());
        }
        assertThat(compute.instances).as("exactly one instance").hasSize(1);
        assertThat(insertRequestIds()).hasSize(3).as("one request id: the intent's").containsOnly(insertRequestIds().get(0));
    }

    @Test
    void throttlingOnTheFirstThreeCallsSucceedsAfterGrowingJitteredPausesWithTheSameRequestId() throws Exception {
        for (int i = 0; i < 3; i++) {
            compute.failNextInsert(FakeCompute.Failure.http(429, "rateLimitExceeded", "Rate Limit Exceeded"));
        }
        List<Duration> chosen;
        try (GcpCloud cloud = open("60")) {
            chosen = RequestedSleeps.during("dev.skyrun.gcp.Backoff.call",
                    () -> cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-f", "ct")));
        }
        assertThat(compute.instances).hasSize(1);
        assertThat(insertRequestIds()).hasSize(4).containsOnly(insertRequestIds().get(0));
        // What the backoff chose (from the 60 ms base: half to all of 60, 120, 240 ms), as asked of Thread.sleep;
        // the gaps between the fake's arrivals add the machine's scheduling delay to it, so they only bound it from below.
        assertThat(chosen).hasSize(3);
        assertThat(chosen.get(0)).as("at least half of the first step").isBetween(Duration.ofMillis(30), Duration.ofMillis(60));
        assertThat(chosen.get(1)).isBetween(Duration.ofMillis(60), Duration.ofMillis(120));
        assertThat(chosen.get(2)).isBetween(Duration.ofMillis(120), Duration.ofMillis(240)).isGreaterThan(chosen.get(0));
        for (int i = 1; i < compute.insertedAt.size(); i++) {
            long gap = compute.insertedAt.get(i) - compute.insertedAt.get(i - 1);
            assertThat(Duration.ofNanos(gap)).as("arrival gap %d holds its pause", i).isGreaterThanOrEqualTo(chosen.get(i - 1));
        }
    }

    @Test
    void aRefusalIsNotRetried() {
        compute.failNextInsert(FakeCompute.Failure.http(403, "forbidden",
                "Required 'compute.instances.create' permission for 'projects/acme-ml/zones/us-central1-a/instances/cr-0'"));
        try (GcpCloud cloud = open("60")) {
            assertThatThrownBy(() -> cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-f", "cr")))
                    .isInstanceOf(CredentialException.class);
        }
        assertThat(insertRequestIds()).as("one call, no retry").hasSize(1);
        assertThat(compute.instances).isEmpty();
    }
}
