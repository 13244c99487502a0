package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CapacityException.Scope;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place Google Cloud errors become skyrun's: {@link CapacityException} at the scope to
 * block, {@link CredentialException}, or {@link CloudException} (exit 3). Every message names the
 * provider, region (and zone), operation and request id.
 *
 * <ul>
 *   <li>{@code ZONE_RESOURCE_POOL_EXHAUSTED(_WITH_DETAILS)}, {@code resourceExhausted},
 *       {@code insufficientCapacity}, a TPU/Vertex stockout: block the zone;</li>
 *   <li>{@code QUOTA_EXCEEDED} / {@code quotaExceeded}: block the region;</li>
 *   <li>the {@code GPUS_ALL_REGIONS} quota: block the cloud; permission denied or bad
 *       credentials: {@link CredentialException} saying what to fix;</li>
 *   <li>rate limits and 5xx: {@link Kind#RETRY}, the caller backs off and retries.</li>
 * </ul>
 */
final class GcpErrors {

    /** What an error means for the plan. */
    enum Kind { ZONE, REGION, CLOUD_QUOTA, CREDENTIALS, RETRY, NOT_FOUND, CONFLICT, OTHER }

    /**
     * Where an error happened, for its message.
     *
     * @param provider {@code gcp} or {@code vertex}
     * @param region region name
     * @param zone zone name, or empty
     * @param operation what skyrun was doing ({@code instances.insert})
     * @param requestId the request id sent, or empty
     */
    record Context(String provider, String region, String zone, String operation, String requestId) {
        String where() {
            return provider + " " + (zone.isEmpty() ? region : region + "/" + zone) + " " + operation
                    + (requestId.isEmpty() ? "" : " (request id " + requestId + ")");
        }
    }

    private GcpErrors() {}

    /** Classifies an error from its HTTP status (0 if none), code or reason and message. */
    static Kind kindOf(int httpStatus, String codeOrReason, String message) {
        String text = (codeOrReason + " " + message);
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.contains("GPUS_ALL_REGIONS")) {
            return Kind.CLOUD_QUOTA;
        }
        if (text.contains("ZONE_RESOURCE_POOL_EXHAUSTED") || lower.contains("resourceexhausted")
                || lower.contains("insufficientcapacity") || lower.contains("stockout")
                || lower.contains("no more capacity") || lower.contains("resources are insufficient")) {
            return Kind.ZONE;
        }
        if (text.contains("QUOTA_EXCEEDED") || lower.contains("quotaexceeded") || lower.contains("quota exceeded")
                || (lower.contains("quota") && lower.contains("exceed"))) {
            return Kind.REGION;
        }
        if (httpStatus == 401 || httpStatus == 403 && !lower.contains("ratelimit")
                || lower.contains("permission") && lower.contains("denied") || lower.contains("unauthenticated")) {
            return Kind.CREDENTIALS;
        }
        if (httpStatus == 429 || httpStatus >= 500 && httpStatus != 501 || lower.contains("ratelimitexceeded")
                || lower.contains("rate limit")) {
            return Kind.RETRY;
        }
        if (httpStatus == 404) {
            return Kind.NOT_FOUND;
        }
        if (httpStatus == 409 || lower.contains("alreadyexists") || lower.contains("already exists")) {
            return Kind.CONFLICT;
        }
        return Kind.OTHER;
    }

    /** Classifies an SDK exception. */
    static Kind kindOf(ApiException e) {
        return kindOf(httpStatus(e), reasonOf(e), detailOf(e));
    }

    /** The API's own error text: the {@code error.message} of a REST error body, else the exception's messages. */
    static String detailOf(Throwable e) {
        String all = chainText(e);
        Matcher m = BODY_MESSAGE.matcher(all);
        return m.find() ? m.group(1).replace("\\\"", "\"") : firstLine(all);
    }

    /** The {@code errors[].reason} of a REST error body, or the gRPC ErrorInfo reason, or empty. */
    static String reasonOf(ApiException e) {
        Matcher m = BODY_REASON.matcher(chainText(e));
        return m.find() ? m.group(1) : e.getReason() == null ? "" : e.getReason();
    }

    private static final Pattern BODY_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern BODY_REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]*)\"");

    private static String chainText(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 20_000; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** The HTTP status of an SDK exception, mapped from the gRPC code for gRPC clients. */
    static int httpStatus(ApiException e) {
        Object transport = e.getStatusCode().getTransportCode();
        if (transport instanceof Integer http) {
            return http;
        }
        StatusCode.Code code = e.getStatusCode().getCode();
        return switch (code) {
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAVAILABLE, INTERNAL, UNKNOWN, DEADLINE_EXCEEDED -> 503;
            default -> code.getHttpStatusCode();
        };
    }

    /** The exception for an error of a kind: capacity to block at a scope, or an exit-3 failure. */
    static Exception toException(Kind kind, Context ctx, String detail, Throwable cause) {
        String head = ctx.where() + ": ";
        return switch (kind) {
            case ZONE -> new CapacityException(Scope.ZONE, head + "no capacity in the zone: " + detail, cause);
            case REGION -> new CapacityException(Scope.REGION, head + "regional quota exceeded: " + detail
                    + " (request more quota in the console under IAM & Admin > Quotas, or let skyrun try another region)", cause);
            case CLOUD_QUOTA -> new CapacityException(Scope.CLOUD, head + "the project-wide GPUS_ALL_REGIONS quota is exhausted: "
                    + detail + " (request an increase of compute.googleapis.com/gpus_all_regions in IAM & Admin > Quotas)", cause);
            case CREDENTIALS -> new CredentialException(head + "permission denied: " + detail
                    + " (run 'gcloud auth application-default login', and grant the account roles/compute.instanceAdmin.v1, "
                    + "roles/tpu.admin, roles/aiplatform.user and roles/storage.objectAdmin on the project)", cause);
            default -> new CloudException(head + detail, cause);
        };
    }

    /** Converts an SDK exception; never returns a RETRY-kind value unless retries ran out. */
    static Exception from(ApiException e, Context ctx) {
        String reason = reasonOf(e);
        return toException(kindOf(e), ctx, (reason.isEmpty() ? "" : reason + ": ") + detailOf(e), e);
    }

    /** Throws the converted exception as a {@link CapacityException} or unchecked {@link CloudException}. */
    static CapacityException capacityOrThrow(Exception converted) {
        if (converted instanceof CapacityException c) {
            return c;
        }
        throw (CloudException) converted;
    }

    /** The unchecked form, for calls where capacity makes no sense (state, delete, list). */
    static CloudException unchecked(ApiException e, Context ctx) {
        Exception converted = from(e, ctx);
        return converted instanceof CloudException c ? c : new CloudException(converted.getMessage(), e);
    }

    /** The message on one line, at most 400 characters. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip().replaceAll("\\s+", " ");
        return m.length() <= 400 ? m : m.substring(0, 400) + "...";
    }
}
