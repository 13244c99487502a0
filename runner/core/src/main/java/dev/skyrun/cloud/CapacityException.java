package dev.skyrun.cloud;

import java.util.Objects;
import java.util.Optional;

/**
 * The cloud has no capacity (or quota) for a placement: block it at {@link #scope()} and try
 * the next placement of the plan.
 */
public class CapacityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How much of the plan a capacity error rules out. */
    public enum Scope { ZONE, REGION, CLOUD }

    private final Scope scope;
    private final String zone;

    public CapacityException(Scope scope, String message) {
        this(scope, Optional.empty(), message, null);
    }

    public CapacityException(Scope scope, String message, Throwable cause) {
        this(scope, Optional.empty(), message, cause);
    }

    /**
     * A capacity error that names the zone it happened in: the one the plug-in chose for a
     * placement that named none, so that zone alone is blocked and another of the region tried.
     */
    public CapacityException(Scope scope, Optional<String> zone, String message, Throwable cause) {
        super(message, cause);
        this.scope = Objects.requireNonNull(scope, "scope");
        this.zone = zone.orElse(null);
    }

    /** What to block. */
    public Scope scope() {
        return scope;
    }

    /** The zone it happened in, where the plug-in knows it. */
    public Optional<String> zone() {
        return Optional.ofNullable(zone);
    }
}
