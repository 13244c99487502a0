package dev.skyrun.lambda;

/**
 * An error answer of the Lambda Cloud API: its HTTP status and the documented error body
 * {@code {"error": {"code": "...", "message": "...", "suggestion": "..."}}}. Only
 * {@link LambdaErrors} turns it into skyrun's exceptions.
 */
final class LambdaApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No capacity for the instance type in the region asked. */
    static final String INSUFFICIENT_CAPACITY = "instance-operations/launch/insufficient-capacity";
    /** The API key is wrong or revoked. */
    static final String INVALID_API_KEY = "global/invalid-api-key";
    /** The account may not launch more instances. */
    static final String QUOTA_EXCEEDED = "global/quota-exceeded";
    /** The object (instance, SSH key...) does not exist. */
    static final String NOT_FOUND = "global/object-does-not-exist";

    private final int status;
    private final String code;
    private final String suggestion;

    LambdaApiError(int status, String code, String message, String suggestion) {
        super(message);
        this.status = status;
        this.code = code;
        this.suggestion = suggestion;
    }

    /** The HTTP status. */
    int status() {
        return status;
    }

    /** The API's error code, {@code HTTP <status>} when the body had none. */
    String code() {
        return code;
    }

    /** The API's suggestion, empty when it gave none. */
    String suggestion() {
        return suggestion;
    }
}
