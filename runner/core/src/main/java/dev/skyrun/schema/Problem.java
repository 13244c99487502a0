package dev.skyrun.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a user's input: where, what, and what to do about it.
 *
 * <p>Rendered as {@code FILE:LINE:COL: message (hint)}, or {@code message (hint)} when it is in
 * no file ({@link Location#NONE}).
 *
 * @param location where the offending key or value is
 * @param message what is wrong, in the user's terms
 * @param hint what to do, or empty
 */
public record Problem(Location location, String message, Optional<String> hint) {

    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** A problem with a hint. */
    public static Problem of(Location location, String message, String hint) {
        return new Problem(location, message, Optional.ofNullable(hint).filter(h -> !h.isBlank()));
    }

    /** A problem without a hint. */
    public static Problem of(Location location, String message) {
        return new Problem(location, message, Optional.empty());
    }

    @Override
    public String toString() {
        return (location.known() ? location + ": " : "") + message + hint.map(h -> " (" + h + ")").orElse("");
    }
}
