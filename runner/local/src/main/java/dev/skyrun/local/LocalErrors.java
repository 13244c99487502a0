package dev.skyrun.local;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.skyrun.cloud.CloudException;

/** The one place Docker failures become skyrun's cloud exceptions, naming the operation. */
final class LocalErrors {

    private LocalErrors() {}

    /** A Docker API failure during {@code operation} on {@code target}. */
    static CloudException of(String operation, String target, RuntimeException e) {
        if (e instanceof NotFoundException) {
            return new CloudException("local: " + operation + " " + target + ": not found (" + first(e) + ")", e);
        }
        if (e instanceof DockerException d) {
            return new CloudException("local: " + operation + " " + target + " failed: HTTP " + d.getHttpStatus()
                    + " " + first(e), e);
        }
        return new CloudException("local: " + operation + " " + target + " failed: " + first(e)
                + " (is the Docker engine up? containers/docker-up.sh starts it)", e);
    }

    private static String first(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
    }
}
