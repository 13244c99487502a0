package dev.skyrun.spec;

import java.util.List;
import java.util.Objects;

/**
 * An accelerator request: one choice, or several either in the user's order or all alike.
 *
 * <pre>{@code
 * accelerators: A100:8               # ONE
 * accelerators: [A100:8, H100:8]     # ORDERED: A100 first, H100 only if no A100
 * accelerators: {A100: 8, H100: 8}   # ANY: whichever is cheapest
 * }</pre>
 *
 * @param choices at least one choice
 * @param preference how the choices relate
 */
public record Accelerators(List<AcceleratorChoice> choices, Preference preference) {

    /** How several accelerator choices relate. */
    public enum Preference {
        /** A single choice. */
        ONE,
        /** Try the choices in the order written. */
        ORDERED,
        /** Any choice; the optimizer orders them by price. */
        ANY
    }

    public Accelerators {
        choices = List.copyOf(choices);
        Objects.requireNonNull(preference, "preference");
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("an accelerator request has at least one choice");
        }
    }

    /** A request for exactly one accelerator type and count. */
    public static Accelerators one(String name, double count) {
        return new Accelerators(List.of(new AcceleratorChoice(name, count)), Preference.ONE);
    }
}
