package dev.skyrun.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CapacityException.Scope;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The one place Azure SDK errors become skyrun's: {@link CapacityException} at the scope to
 * block, {@link CredentialException} (block the cloud, exit 3 with the fix) or {@link CloudException}.
 * Messages name the provider, region (and zone), operation and the request id Azure gave.
 *
 * <ul>
 *   <li>{@code SkuNotAvailable}, {@code ZonalAllocationFailed}, {@code AllocationFailed},
 *       {@code Overconstrained(Zonal)AllocationRequest}: block the zone of a zonal VM, else the region;</li>
 *   <li>{@code QuotaExceeded} and {@code OperationNotAllowed} about a quota: block the region (for that VM family);</li>
 *   <li>{@code AuthorizationFailed}, {@code InvalidAuthenticationToken(Tenant)}, {@code SubscriptionNotFound},
 *       HTTP 401, no credential at all: {@link CredentialException};</li>
 *   <li>429 and 5xx are retried by the pipeline's retry policy honouring {@code Retry-After}
 *       ({@link AzureClients}); what is still failing after that is a {@link CloudException}.</li>
 * </ul>
 */
final class AzureErrors {

    /** What an error means for the plan. */
    enum Kind { CAPACITY, QUOTA, CREDENTIALS, NOT_FOUND, OTHER }

    private static final Set<String> CAPACITY = Set.of("skunotavailable", "zonalallocationfailed", "allocationfailed",
            "overconstrainedallocationrequest", "overconstrainedzonalallocationrequest");
    private static final Set<String> CREDENTIALS = Set.of("authorizationfailed", "invalidauthenticationtoken",
            "invalidauthenticationtokentenant", "subscriptionnotfound", "authenticationfailed", "expiredauthenticationtoken",
            "linkedauthorizationfailed");

    /**
     * Where an error happened, for its message.
     *
     * @param region region name
     * @param zone zone, empty for a regional resource
     * @param operation what skyrun was doing ({@code virtualMachines.createOrUpdate skyrun-c1-0})
     */
    record Context(String region, String zone, String operation) {
        String where() {
            return "azure " + (zone.isEmpty() ? region : region + "/" + zone) + " " + operation;
        }
    }

    private AzureErrors() {}

    /** Classifies an error by its ARM code, HTTP status and message. */
    static Kind kindOf(String code, int httpStatus, String message) {
        String c = code.toLowerCase(Locale.ROOT);
        String m = message.toLowerCase(Locale.ROOT);
        if (CAPACITY.contains(c)) {
            return Kind.CAPACITY;
        }
        if (c.equals("quotaexceeded") || c.contains("quota") || c.equals("operationnotallowed") && m.contains("quota")) {
            return Kind.QUOTA;
        }
        if (CREDENTIALS.contains(c) || httpStatus == 401) {
            return Kind.CREDENTIALS;
        }
        if (httpStatus == 404 || c.equals("resourcenotfound") || c.equals("notfound") || c.equals("resourcegroupnotfound")) {
            return Kind.NOT_FOUND;
        }
        return Kind.OTHER;
    }

    /** Whether an SDK exception says the resource does not exist. */
    static boolean notFound(RuntimeException e) {
        return e instanceof HttpResponseException h && kindOf(codeOf(h), status(h), String.valueOf(h.getMessage())) == Kind.NOT_FOUND;
    }

    /** What {@code call} returns, or empty when the resource does not exist; other failures as {@link #unchecked}. */
    static <T> Optional<T> ifExists(java.util.function.Supplier<T> call, Context ctx) {
        try {
            return Optional.ofNullable(call.get());
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw unchecked(e, ctx);
        }
    }

    /** Runs a delete; a resource already gone is fine, other failures as {@link #unchecked}. */
    static void deleting(Runnable call, Context ctx) {
        ifExists(() -> {
            call.run();
            return Boolean.TRUE;
        }, ctx);
    }

    /**
     * Deletes the resource {@code id} names by its group and name; a resource already gone is fine,
     * other failures name {@code operation} and the resource.
     */
    static void deleting(String id, String operation, BiConsumer<String, String> delete) {
        ArmId at = ArmId.parse(id);
        deleting(() -> delete.accept(at.group(), at.name()), new Context(at.group(), "", operation + " " + at.name()));
    }

    /** The exception for a failed create: capacity to block, credentials, or a plain cloud failure. */
    static Exception from(RuntimeException e, Context ctx) {
        if (e instanceof CredentialUnavailableException || e instanceof ClientAuthenticationException) {
            return new CredentialException(ctx.where() + ": no usable Azure credential: " + oneLine(e.getMessage())
                    + " (run 'az login', or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET)", e);
        }
        if (!(e instanceof HttpResponseException h)) {
            return e instanceof CloudException c ? c : new CloudException(ctx.where() + ": " + oneLine(e.getMessage()), e);
        }
        String code = codeOf(h);
        String detail = (code.isEmpty() ? "HTTP " + status(h) : code) + ": " + messageOf(h) + requestId(h);
        String head = ctx.where() + ": ";
        return switch (kindOf(code, status(h), messageOf(h))) {
            case CAPACITY -> ctx.zone().isEmpty()
                    ? new CapacityException(Scope.REGION, head + "no capacity in the region: " + detail, e)
                    : new CapacityException(Scope.ZONE, Optional.of(ctx.zone()), head + "no capacity in the zone: " + detail, e);
            case QUOTA -> new CapacityException(Scope.REGION, head + "quota exceeded for this VM family in the region: " + detail
                    + " (request more in the portal under Subscriptions > Usage + quotas, or let skyrun try another region)", e);
            case CREDENTIALS -> new CredentialException(head + "not authorized: " + detail
                    + " (run 'az login' and 'az account set -s SUBSCRIPTION', and grant the identity the Contributor role "
                    + "on the subscription or resource group)", e);
            default -> new CloudException(head + detail, e);
        };
    }

    /** The unchecked form, for calls where capacity makes no sense (state, delete, list). */
    static CloudException unchecked(RuntimeException e, Context ctx) {
        Exception converted = from(e, ctx);
        return converted instanceof CloudException c ? c : new CloudException(converted.getMessage(), e);
    }

    /** Throws the converted exception when it is not a capacity one. */
    static CapacityException capacityOrThrow(Exception converted) {
        if (converted instanceof CapacityException c) {
            return c;
        }
        throw (CloudException) converted;
    }

    /** The ARM error code of an SDK exception ({@code error.code} of the body), or empty. */
    static String codeOf(HttpResponseException e) {
        if (e instanceof ManagementException m && m.getValue() != null && m.getValue().getCode() != null) {
            return m.getValue().getCode();
        }
        return "";
    }

    private static String messageOf(HttpResponseException e) {
        if (e instanceof ManagementException m && m.getValue() != null) {
            ManagementError v = m.getValue();
            return oneLine(v.getMessage() != null ? v.getMessage() : e.getMessage());
        }
        return oneLine(e.getMessage());
    }

    private static int status(HttpResponseException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }

    private static String requestId(HttpResponseException e) {
        String id = e.getResponse() == null ? null : e.getResponse().getHeaderValue("x-ms-request-id");
        return id == null ? "" : " (request id " + id + ")";
    }

    /** A message on one line, at most 400 characters. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip().replaceAll("\\s+", " ");
        return m.length() <= 400 ? m : m.substring(0, 400) + "...";
    }
}
