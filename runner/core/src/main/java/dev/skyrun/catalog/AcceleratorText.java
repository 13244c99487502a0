package dev.skyrun.catalog;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An accelerator as written on the command line or in a spec, {@code NAME} or {@code NAME:COUNT}: the one
 * parser of that form ({@code validate}, the spec reader, {@code show-gpus} and the benchmarks use it).
 *
 * <pre>{@code
 * AcceleratorText.parse("A100:8")    // name A100, count "8"
 * AcceleratorText.parse("T4")        // name T4, no count
 * AcceleratorText.parse("T4:0.5")    // a fractional (shared) GPU
 * }</pre>
 *
 * @param name the name as written, stripped
 * @param count the text after the last ':', stripped; empty when there is no ':'
 */
public record AcceleratorText(String name, Optional<String> count) {

    /** Splits {@code text} at its last ':'. */
    public static AcceleratorText parse(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0
                ? new AcceleratorText(text.strip(), Optional.empty())
                : new AcceleratorText(text.substring(0, colon).strip(), Optional.of(text.substring(colon + 1).strip()));
    }

    /** Whether a count is written and is not a positive number. */
    public boolean badCount() {
        return count.isPresent() && countValue().isEmpty();
    }

    /** The count written, when it is a positive number; empty when absent or not a positive number. */
    public OptionalDouble countValue() {
        if (count.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double n = Double.parseDouble(count.get());
            return n > 0 && Double.isFinite(n) ? OptionalDouble.of(n) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The count, 1 when none is written (a bad count reads as 1 too: the checks report it). */
    public double countOrOne() {
        return countValue().orElse(1);
    }
}
