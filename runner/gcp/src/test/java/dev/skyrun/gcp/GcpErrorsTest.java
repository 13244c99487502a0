package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.gcp.GcpErrors.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcpErrorsTest {

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
            "503, ZONE_RESOURCE_POOL_EXHAUSTED, 'The zone does not have enough resources', ZONE",
            "503, ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS, '', ZONE",
            "429, resourceExhausted, '', ZONE",
            "403, QUOTA_EXCEEDED, 'Quota ''NVIDIA_T4_GPUS'' exceeded. Limit: 0.0 in region us-central1.', REGION",
            "403, QUOTA_EXCEEDED, 'Quota ''GPUS_ALL_REGIONS'' exceeded. Limit: 0.0 globally.', CLOUD_QUOTA",
            "403, forbidden, 'Required ''compute.instances.create'' permission', CREDENTIALS",
            "401, '', 'Request had invalid authentication credentials.', CREDENTIALS",
            "403, rateLimitExceeded, 'Rate Limit Exceeded', RETRY",
            "500, backendError, 'Internal error', RETRY",
            "404, notFound, 'was not found', NOT_FOUND",
            "409, alreadyExists, 'already exists', CONFLICT",
            "400, invalid, 'Invalid value for field', OTHER"})
    void classifiesTheDocumentedCodesAndReasons(int status, String reason, String message, Kind kind) {
        assertThat(GcpErrors.kindOf(status, reason, message)).isEqualTo(kind);
    }

    @Test
    void messagesNameProviderRegionZoneOperationAndRequestId() {
        var ctx = new GcpErrors.Context("gcp", "europe-west4", "europe-west4-a", "instances.insert n-0", "f00d");
        assertThat(GcpErrors.toException(Kind.ZONE, ctx, "ZONE_RESOURCE_POOL_EXHAUSTED: no", null))
                .hasMessageStartingWith("gcp europe-west4/europe-west4-a instances.insert n-0 (request id f00d): ");
    }
}
