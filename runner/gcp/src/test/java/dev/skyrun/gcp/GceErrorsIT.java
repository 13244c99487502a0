package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CapacityException.Scope;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.CredentialException;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each documented Compute Engine error, as the real client receives it, maps to the right block level. */
class GceErrorsIT extends FakeGoogleTest {

    static Stream<Arguments> capacityErrors() {
        return Stream.of(
                Arguments.of(FakeCompute.Failure.operation("ZONE_RESOURCE_POOL_EXHAUSTED",
                        "The zone 'projects/acme-ml/zones/us-central1-a' does not have enough resources available to fulfill the request. Try a different zone, or try again later."), Scope.ZONE),
                Arguments.of(FakeCompute.Failure.operation("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS",
                        "The zone 'projects/acme-ml/zones/us-central1-a' does not have enough resources available to fulfill the request. '(resource type:compute)'."), Scope.ZONE),
                Arguments.of(FakeCompute.Failure.http(503, "resourceExhausted", "Resource exhausted in zone us-central1-a"), Scope.ZONE),
                Arguments.of(FakeCompute.Failure.operation("QUOTA_EXCEEDED",
                        "Quota 'NVIDIA_T4_GPUS' exceeded.  Limit: 0.0 in region us-central1."), Scope.REGION),
                Arguments.of(FakeCompute.Failure.http(403, "quotaExceeded", "Quota 'CPUS' exceeded.  Limit: 24.0 in region us-central1."), Scope.REGION),
                Arguments.of(FakeCompute.Failure.operation("QUOTA_EXCEEDED",
                        "Quota 'GPUS_ALL_REGIONS' exceeded.  Limit: 0.0 globally."), Scope.CLOUD));
    }

    @ParameterizedTest
    @MethodSource("capacityErrors")
    void capacityErrorsBlockTheirScopeAndNameWhereAndWhich(FakeCompute.Failure failure, Scope scope) {
        compute.failNextInsert(failure);
        assertThatThrownBy(() -> cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-e", "ce")))
                .isInstanceOf(CapacityException.class)
                .satisfies(e -> assertThat(((CapacityException) e).scope()).isEqualTo(scope))
                .hasMessageContaining("gcp us-central1/us-central1-a")
                .hasMessageContaining("ce-0")
                .hasMessageContaining(UUID.nameUUIDFromBytes("intent-ce/0".getBytes()).toString());
        assertThat(compute.instances).isEmpty();
    }

    @Test
    void permissionDeniedIsACredentialErrorSayingWhatToFix() {
        compute.failNextInsert(FakeCompute.Failure.http(403, "forbidden",
                "Required 'compute.instances.create' permission for 'projects/acme-ml/zones/us-central1-a/instances/ce-0'"));
        assertThatThrownBy(() -> cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-e", "ce")))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("compute.instances.create")
                .hasMessageContaining("gcloud auth application-default login")
                .hasMessageContaining("roles/compute.instanceAdmin.v1");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithTheSameRequestId() throws Exception {
        compute.failNextInsert(FakeCompute.Failure.http(403, "rateLimitExceeded", "Rate Limit Exceeded"));
        compute.failNextInsert(FakeCompute.Failure.http(500, "backendError", "Internal error. Please try again."));
        Cluster c = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-e", "ce"));
        assertThat(c.nodeIds()).containsExactly("ce-0");
        assertThat(http.requests().stream().filter(r -> r.method().equals("POST")).map(r -> r.params().get("requestId")).distinct())
                .containsExactly(UUID.nameUUIDFromBytes("intent-ce/0".getBytes()).toString());
    }

    @Test
    void aRetriedProvisionWithTheSameIntentAdoptsTheInstance() throws Exception {
        Cluster first = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-e", "ce"));
        Cluster again = cloud.provision(GcpTestSupport.gpuSpot("us-central1-a"), GcpTestSupport.request("run-e", "ce"));
        assertThat(again.nodeIds()).isEqualTo(first.nodeIds());
        assertThat(compute.instances).hasSize(1);
    }
}
