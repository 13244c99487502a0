package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.RetryPause;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Calls a Google API, backing off exponentially with jitter ({@link RetryPause}) on rate limits and
 * 5xx answers, and turns what remains into skyrun's exceptions through {@link GcpErrors}.
 *
 * @param attempts how many calls at most
 * @param base the first wait (jittered down to half of it); doubled after each retry
 */
record Backoff(int attempts, Duration base) {

    /** Production default: 5 attempts from 1 s. */
    static Backoff standard(Duration pollInterval) {
        return new Backoff(5, pollInterval.compareTo(Duration.ofSeconds(1)) < 0 ? pollInterval : Duration.ofSeconds(1));
    }

    /** Calls where the answer may be "no capacity here". */
    <T> T call(GcpErrors.Context ctx, Supplier<T> call) throws CapacityException {
        ApiException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return call.get();
            } catch (ApiException e) {
                last = e;
                if (GcpErrors.kindOf(e) != GcpErrors.Kind.RETRY) {
                    throw GcpErrors.capacityOrThrow(GcpErrors.from(e, ctx));
                }
                if (i + 1 < attempts) {
                    sleep(RetryPause.of(base, i + 1, ThreadLocalRandom.current()));
                }
            }
        }
        throw new CloudException(ctx.where() + ": still failing after " + attempts + " attempts with backoff: "
                + GcpErrors.firstLine(last.getMessage()), last);
    }

    /** Calls where capacity makes no sense (get, delete, list): every failure is a {@link CloudException}. */
    <T> T unchecked(GcpErrors.Context ctx, Supplier<T> call) {
        try {
            return call(ctx, call);
        } catch (CapacityException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while waiting for Google Cloud", e);
        }
    }
}
