package dev.skyrun.cloud;

/** The cloud refused our credentials or permissions: block the cloud, exit 3 with what to fix. */
public class CredentialException extends CloudException {
    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
