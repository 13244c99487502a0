package dev.skyrun.gcp;

import com.google.cloud.compute.v1.Error;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import java.time.Duration;
import java.time.Instant;

/** Polls a Compute Engine zone operation ({@code .../zones/Z/operations/NAME}) until DONE and reads its errors. */
final class ZoneOperationPoller {

    /** How long an instance operation may take before skyrun gives up on it. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);

    private ZoneOperationPoller() {}

    /** Waits until the operation is DONE; its error becomes a capacity or cloud exception. */
    static Operation awaitDone(ZoneOperationsClient ops, GcpConfig config, String region, String zone, Operation started,
            Backoff backoff) throws CapacityException {
        Operation op = started;
        String what = op.getOperationType() + " " + op.getTargetLink().replaceAll(".*/", "");
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "operation " + op.getName() + " (" + what + ")",
                op.getClientOperationId());
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (op.getStatus() != Operation.Status.DONE) {
            if (Instant.now().isAfter(deadline)) {
                throw new CloudException(ctx.where() + ": not DONE after " + TIMEOUT.toMinutes() + " minutes");
            }
            Backoff.sleep(config.pollInterval());
            String name = op.getName();
            op = backoff.unchecked(ctx, () -> ops.get(config.project(), zone, name));
        }
        if (op.hasError() && op.getError().getErrorsCount() > 0) {
            throw GcpErrors.capacityOrThrow(errorOf(op.getError(), op.getHttpErrorStatusCode(), ctx));
        }
        return op;
    }

    private static Exception errorOf(Error error, int httpStatus, GcpErrors.Context ctx) {
        Errors first = error.getErrors(0);
        GcpErrors.Kind kind = GcpErrors.Kind.OTHER;
        for (Errors e : error.getErrorsList()) {
            GcpErrors.Kind k = GcpErrors.kindOf(httpStatus, e.getCode(), e.getMessage());
            if (k.ordinal() < kind.ordinal()) {
                kind = k;
                first = e;
            }
        }
        if (kind == GcpErrors.Kind.RETRY) {
            kind = GcpErrors.Kind.OTHER;
        }
        return GcpErrors.toException(kind, ctx, first.getCode() + ": " + first.getMessage(), null);
    }
}
