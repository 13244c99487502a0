package dev.skyrun.lambda;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.RetryPause;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one place Lambda Cloud API errors become skyrun's: no capacity blocks the region (Lambda
 * has no zones), a quota blocks the whole cloud (it is the account's), an invalid API key is a
 * {@link CredentialException} naming the fix (exit 3), and a rate limit (HTTP 429), a 5xx or an
 * unreachable API is retried with exponential, jittered backoff ({@link RetryPause}). Every
 * message names the provider, region and operation.
 *
 * @param attempts how many times a rate-limited call is tried in all
 * @param firstBackoff the first pause (jittered down to half of it); each next one doubles
 */
record LambdaErrors(int attempts, Duration firstBackoff) {

    /** The fix an invalid or missing API key needs. */
    static final String KEY_FIX = "Fix: create an API key at https://cloud.lambdalabs.com/api-keys and set LAMBDA_API_KEY"
            + " (or put 'api_key = KEY' in ~/.lambda_cloud/lambda_keys); `skyrun check lambda` shows what works.";

    /** A launch in {@code region}: capacity and quota errors say what to block. */
    <T> T provisioning(String operation, String region, Supplier<T> call) throws CapacityException {
        LambdaApiError last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.get();
            } catch (LambdaApiError e) {
                if (LambdaApiError.INSUFFICIENT_CAPACITY.equals(e.code())) {
                    throw new CapacityException(CapacityException.Scope.REGION, describe(operation, region, e)
                            + "; trying another region", e);
                }
                if (LambdaApiError.QUOTA_EXCEEDED.equals(e.code())) {
                    throw new CapacityException(CapacityException.Scope.CLOUD, describe(operation, region, e)
                            + "; the account's quota is used up, trying another cloud", e);
                }
                if (!retryable(e)) {
                    throw translate(operation, region, e);
                }
                last = e;
            }
            pause(attempt, region);
        }
        throw new CloudException(describe(operation, region, last) + " (gave up after " + attempts + " tries)", last);
    }

    /** A call that cannot hit capacity limits: capacity codes, if any, are plain cloud errors. */
    <T> T call(String operation, String region, Supplier<T> call) {
        try {
            return provisioning(operation, region, call);
        } catch (CapacityException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    /** A call without an answer worth keeping. */
    void run(String operation, String region, Runnable call) {
        call(operation, region, () -> {
            call.run();
            return null;
        });
    }

    /** The skyrun exception for an error that is not retried. */
    static CloudException translate(String operation, String region, LambdaApiError e) {
        if (LambdaApiError.INVALID_API_KEY.equals(e.code()) || e.status() == 401 || e.status() == 403) {
            return new CredentialException(describe(operation, region, e) + ". " + KEY_FIX, e);
        }
        return new CloudException(describe(operation, region, e), e);
    }

    private static boolean retryable(LambdaApiError e) {
        return e.status() == 429 || e.status() >= 500 || e.status() == 0 && !"interrupted".equals(e.code());
    }

    private static String describe(String operation, String region, LambdaApiError e) {
        return "lambda " + region + " " + operation + " failed: " + e.code() + ": " + e.getMessage()
                + (e.suggestion().isBlank() ? "" : " (" + e.suggestion() + ")");
    }

    private void pause(int attempt, String region) {
        if (attempt < attempts) {
            RetryPause.sleep(firstBackoff, attempt, "lambda " + region);
        }
    }
}
