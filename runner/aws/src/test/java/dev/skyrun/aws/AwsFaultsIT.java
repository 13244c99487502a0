package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.Labels;
import dev.skyrun.testkit.RequestedSleeps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * EC2 faults at create time, through the real SDK against the loopback fake: a RunInstances whose
 * answer is lost, throttling, and a refusal. A create is idempotent by its client token (a retry
 * and a resumed launch adopt the one instance); throttling is retried with growing, jittered
 * pauses; a 403 is not retried.
 */
class AwsFaultsIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    @TempDir
    Path tmp;

    AwsFake fake;

    @BeforeEach
    void start() {
        fake = new AwsFake();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AwsCloud open(String retryBaseMs) {
        CloudSettings base = AwsCloudIT.settings(fake, S3.getHttpPort(), tmp);
        Map<String, String> props = new HashMap<>(base.properties());
        props.put("retry_base_ms", retryBaseMs);
        return (AwsCloud) new AwsProvider().open(new CloudSettings("aws", base.endpoint(), props));
    }

    private static ClusterRequest request(String token) {
        return new ClusterRequest("run-f", "run-f-c1", token, Labels.run("run-f"), 0);
    }

    @Test
    void aCreateWhoseAnswerIsLostIsAdoptedByItsRetryAndByAResumedLaunch() throws Exception {
        fake.loseNextAnswer("RunInstances");
        Cluster first;
        try (AwsCloud cloud = open("1")) {
            first = cloud.provision(AwsCloudIT.placement("p3.2xlarge", true, 1), request("tok-lost"));
        }
        try (AwsCloud resumed = open("1")) {
            Cluster again = resumed.provision(AwsCloudIT.placement("p3.2xlarge", true, 1), request("tok-lost"));
            assertThat(again.nodeIds()).isEqualTo(first.nodeIds());
        }
        assertThat(fake.ec2().instances).as("exactly one instance").hasSize(1).containsKey(first.nodeIds().get(0));
        assertThat(fake.actions("RunInstances")).hasSizeGreaterThanOrEqualTo(2).extracting(f -> f.get("ClientToken"))
                .containsOnly("tok-lost");
    }

    @Test
    void throttlingOnTheFirstThreeCallsSucceedsAfterGrowingJitteredPausesWithTheSameToken() throws Exception {
        fake.fail("RunInstances", "RequestLimitExceeded", 503, 3);
        List<Duration> chosen;
        try (AwsCloud cloud = open("60")) {
            chosen = RequestedSleeps.during("dev.skyrun.aws.AwsErrors.pause",
                    () -> cloud.provision(AwsCloudIT.placement("p3.2xlarge", true, 1), request("tok-slow")));
        }
        assertThat(fake.actions("RunInstances")).hasSize(4).extracting(f -> f.get("ClientToken")).containsOnly("tok-slow");
        assertThat(fake.ec2().instances).hasSize(1);
        // What the backoff chose (from the 60 ms base: half to all of 60, 120, 240 ms), as asked of Thread.sleep; the
        // fake's gaps from an answer to the next call add the machine's scheduling delay, so they only bound it from below.
        assertThat(chosen).hasSize(3);
        assertThat(chosen.get(0)).as("at least half of the first step").isBetween(Duration.ofMillis(30), Duration.ofMillis(60));
        assertThat(chosen.get(1)).isBetween(Duration.ofMillis(60), Duration.ofMillis(120));
        assertThat(chosen.get(2)).isBetween(Duration.ofMillis(120), Duration.ofMillis(240)).isGreaterThan(chosen.get(0));
        List<Long> pauses = fake.pausesMs("RunInstances");
        assertThat(pauses).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(pauses.get(i)).as("gap %d holds its pause", i + 1).isGreaterThanOrEqualTo(chosen.get(i).toMillis());
        }
    }

    @Test
    void aRefusalIsNotRetried() {
        fake.fail("RunInstances", "UnauthorizedOperation", 403, 1);
        try (AwsCloud cloud = open("60")) {
            assertThatThrownBy(() -> cloud.provision(AwsCloudIT.placement("p3.2xlarge", true, 1), request("tok-403")))
                    .isInstanceOf(CredentialException.class).hasMessageContaining("UnauthorizedOperation");
        }
        assertThat(fake.actions("RunInstances")).as("one call, no retry").hasSize(1);
        assertThat(fake.ec2().instances).isEmpty();
    }
}
