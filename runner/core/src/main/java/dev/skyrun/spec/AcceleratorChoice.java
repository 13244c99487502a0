package dev.skyrun.spec;

import java.util.Objects;

/**
 * One accelerator type and how many per node, as written {@code A100:8} or {@code {A100: 8}}.
 *
 * @param name the accelerator's canonical name (e.g. {@code A100-80GB}, {@code tpu-v5litepod-8})
 * @param count how many per node; fractional only for shared GPUs
 */
public record AcceleratorChoice(String name, double count) {

    public AcceleratorChoice {
        Objects.requireNonNull(name, "name");
        if (!(count > 0)) {
            throw new IllegalArgumentException("accelerator count must be positive, got " + count);
        }
    }

    /** {@code A100:8}; a whole count is written without a fraction. */
    @Override
    public String toString() {
        return name + ":" + (count == Math.rint(count) ? Long.toString((long) count) : Double.toString(count));
    }
}
