package dev.skyrun.cloud;

import java.util.Objects;

/**
 * The cloud has no capacity (or quota) for a placement: block it at {@link #scope()} and try
 * the next placement of the plan.
 */
public class CapacityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How much of the plan a capacity error rules out. */
    public enum Scope { ZONE, REGION, CLOUD }

    private final Scope scope;

    public CapacityException(Scope scope, String message) {
        super(message);
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    public CapacityException(Scope scope, String message, Throwable cause) {
        super(message, cause);
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** What to block. */
    public Scope scope() {
        return scope;
    }
}
