package dev.skyrun.cloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Secret values handed to a job at start, kept apart from {@link dev.skyrun.exec.JobSpec} so
 * they never reach state, logs, events, labels or a provider's visible configuration.
 *
 * <p>{@link #toString()} shows names only. A plug-in delivers the values through a channel
 * that leaves nothing on disk (local: the container's stdin at start).
 */
public final class Secrets {

    private static final Secrets NONE = new Secrets(Map.of());

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = values;
    }

    /** No secrets. */
    public static Secrets none() {
        return NONE;
    }

    /** Secrets with these values, in the given order. */
    public static Secrets of(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
        return new Secrets(java.util.Collections.unmodifiableMap(copy));
    }

    /** The secret names. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The values by name; only a plug-in delivering them to the job should call this. */
    public Map<String, String> reveal() {
        return values;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "Secrets" + values.keySet();
    }
}
