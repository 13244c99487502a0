package dev.skyrun.cloud;

/**
 * A cloud API failed in a way that is not about capacity: exit code 3. The message names the
 * provider, region, operation and request id.
 */
public class CloudException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloudException(String message) {
        super(message);
    }

    public CloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
