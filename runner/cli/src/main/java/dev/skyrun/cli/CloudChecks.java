package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CredentialCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code Cloud.check()} of several clouds at once, each opened on its own thread, so one
 * slow provider (a metadata server that does not answer) does not hold up the others. A cloud that
 * cannot be opened, throws, or does not answer in time is reported as not usable, with why.
 */
final class CloudChecks {

    /** How long all checks together may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private CloudChecks() {}

    /** The checks of {@code names}, in that order. */
    static List<CredentialCheck> run(CloudRegistry clouds, List<String> names) {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<CredentialCheck>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> clouds.open(name).check()));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<CredentialCheck> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                out.add(await(names.get(i), futures.get(i), deadline));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CredentialCheck await(String cloud, Future<CredentialCheck> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(cloud, "no answer within " + TIMEOUT.toSeconds() + " s (network, proxy or a metadata server?)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return failed(cloud, "cannot check: " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(cloud, "interrupted");
        }
    }

    private static CredentialCheck failed(String cloud, String why) {
        return new CredentialCheck(cloud, false, "unknown", List.of(why));
    }
}
