package dev.skyrun.aws;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.RetryPause;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place AWS SDK exceptions become skyrun's: capacity errors block a zone or a region
 * (for the instance family), credential errors block the cloud (exit 3 with what to fix),
 * throttling and 5xx are retried with exponential, jittered backoff ({@link RetryPause}). A retried call re-sends the same
 * request, so a {@code RunInstances} keeps its {@code ClientToken}. Every message names the
 * provider, region, operation and request id.
 *
 * @param region the region calls go to, for messages
 * @param attempts how many times a throttled call is tried in all
 * @param firstBackoff the first pause (jittered down to half of it); each next one doubles
 */
record AwsErrors(String region, int attempts, Duration firstBackoff) {

    /** Codes that mean "no capacity in this zone": try another zone. */
    static final Set<String> ZONE_CODES = Set.of(
            "InsufficientInstanceCapacity", "SpotMaxPriceTooLow", "InsufficientCapacityOnHost",
            "InsufficientHostCapacity", "Unsupported");
    /**
     * Codes that mean "no quota or capacity in this region for the family": try another region
     * (SageMaker's {@code ResourceLimitExceeded} is its per-region instance quota).
     */
    static final Set<String> REGION_CODES = Set.of(
            "InstanceLimitExceeded", "MaxSpotInstanceCountExceeded", "VcpuLimitExceeded",
            "ResourceLimitExceeded", "CapacityError", "InsufficientCapacityError");
    /** Codes that mean "these credentials cannot do this": block the cloud. */
    static final Set<String> CREDENTIAL_CODES = Set.of(
            "UnauthorizedOperation", "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "AccessDenied", "AccessDeniedException", "UnrecognizedClientException");
    /** Codes that mean "slow down and try again". */
    static final Set<String> THROTTLE_CODES = Set.of(
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled",
            "ServiceUnavailable", "InternalError", "Unavailable", "SlowDown");

    /** The production policy: 6 tries, 0.5 s doubling (about 30 s in all). */
    static AwsErrors of(String region) {
        return new AwsErrors(region, 6, Duration.ofMillis(500));
    }

    /**
     * A call that may hit capacity limits (provisioning) in {@code zone}, where known: a zone
     * capacity error names it, so only that zone is blocked.
     */
    <T> T provisioning(String operation, String family, Optional<String> zone, Supplier<T> call) throws CapacityException {
        SdkException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                String code = code(e);
                if (ZONE_CODES.contains(code)) {
                    throw new CapacityException(CapacityException.Scope.ZONE, zone, describe(operation, e)
                            + zone.map(z -> "; no capacity in " + z).orElse("") + "; trying another zone", e);
                }
                if (REGION_CODES.contains(code)) {
                    throw new CapacityException(CapacityException.Scope.REGION,
                            describe(operation, e) + "; no quota for " + family + " in " + region + ", trying another region", e);
                }
                if (!retryable(e)) {
                    throw translate(operation, e);
                }
                last = e;
            } catch (SdkClientException e) {
                last = e;
            }
            pause(attempt);
        }
        throw new CloudException(describe(operation, last) + " (gave up after " + attempts + " tries)", last);
    }

    /** A call that cannot hit capacity limits: capacity codes, if any, are plain cloud errors. */
    <T> T call(String operation, Supplier<T> call) {
        try {
            return provisioning(operation, "-", Optional.empty(), call);
        } catch (CapacityException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    /** The skyrun exception for a non-retryable service error. */
    CloudException translate(String operation, AwsServiceException e) {
        if (CREDENTIAL_CODES.contains(code(e)) || e.statusCode() == 401 || e.statusCode() == 403) {
            return new CredentialException(describe(operation, e)
                    + ". Fix: check the AWS credentials skyrun uses (AWS_PROFILE, AWS_ACCESS_KEY_ID or the instance role)"
                    + " and that their IAM policy allows " + (operation.contains(":") ? operation : "ec2:" + operation) + "; `skyrun check` shows what works.", e);
        }
        return new CloudException(describe(operation, e), e);
    }

    /** The error code of a service exception, or {@code HTTP <status>}. */
    static String code(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    }

    private static boolean retryable(AwsServiceException e) {
        return THROTTLE_CODES.contains(code(e)) || e.statusCode() >= 500 || e.isThrottlingException();
    }

    private String describe(String operation, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String msg = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
            return "aws " + region + " " + operation + " failed: " + code(s) + ": " + msg + " (request id " + s.requestId() + ")";
        }
        return "aws " + region + " " + operation + " failed: " + (e == null ? "unknown error" : e.getMessage());
    }

    private void pause(int attempt) {
        if (attempt < attempts) {
            RetryPause.sleep(firstBackoff, attempt, "aws " + region);
        }
    }
}
