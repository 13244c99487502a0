package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.gcp.GcpErrors.Kind;
import org.junit.jupiter.api.Test;

class GcpErrorsTest {

    @Test
    void classifiesTheDocumentedCodesAndReasons() {
        assertThat(GcpErrors.kindOf(503, "ZONE_RESOURCE_POOL_EXHAUSTED", "The zone does not have enough resources")).isEqualTo(Kind.ZONE);
        assertThat(GcpErrors.kindOf(503, "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", "")).isEqualTo(Kind.ZONE);
        assertThat(GcpErrors.kindOf(429, "resourceExhausted", "")).isEqualTo(Kind.ZONE);
        assertThat(GcpErrors.kindOf(403, "QUOTA_EXCEEDED", "Quota 'NVIDIA_T4_GPUS' exceeded. Limit: 0.0 in region us-central1.")).isEqualTo(Kind.REGION);
        assertThat(GcpErrors.kindOf(403, "QUOTA_EXCEEDED", "Quota 'GPUS_ALL_REGIONS' exceeded. Limit: 0.0 globally.")).isEqualTo(Kind.CLOUD_QUOTA);
        assertThat(GcpErrors.kindOf(403, "forbidden", "Required 'compute.instances.create' permission")).isEqualTo(Kind.CREDENTIALS);
        assertThat(GcpErrors.kindOf(401, "", "Request had invalid authentication credentials.")).isEqualTo(Kind.CREDENTIALS);
        assertThat(GcpErrors.kindOf(403, "rateLimitExceeded", "Rate Limit Exceeded")).isEqualTo(Kind.RETRY);
        assertThat(GcpErrors.kindOf(500, "backendError", "Internal error")).isEqualTo(Kind.RETRY);
        assertThat(GcpErrors.kindOf(404, "notFound", "was not found")).isEqualTo(Kind.NOT_FOUND);
        assertThat(GcpErrors.kindOf(409, "alreadyExists", "already exists")).isEqualTo(Kind.CONFLICT);
        assertThat(GcpErrors.kindOf(400, "invalid", "Invalid value for field")).isEqualTo(Kind.OTHER);
    }

    @Test
    void messagesNameProviderRegionZoneOperationAndRequestId() {
        var ctx = new GcpErrors.Context("gcp", "europe-west4", "europe-west4-a", "instances.insert n-0", "f00d");
        assertThat(GcpErrors.toException(Kind.ZONE, ctx, "ZONE_RESOURCE_POOL_EXHAUSTED: no", null))
                .hasMessageStartingWith("gcp europe-west4/europe-west4-a instances.insert n-0 (request id f00d): ");
    }
}
