package dev.skyrun.review;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing a spec change (or a release change) moved: what it is, its value before and after,
 * and a note on how it moved.
 *
 * <pre>{@code
 * new Change("$/h", Optional.of("0.2681"), Optional.of("3.1200"), Optional.of("+2.8519"), false)
 * new Change("gate quality", Optional.of("eval_accuracy >= 0.82"), Optional.of("eval_accuracy >= 0.75"),
 *         Optional.of("min 0.82 -> 0.75"), true)
 * }</pre>
 *
 * @param what the field, e.g. {@code first choice}, {@code gate quality}, {@code artifact adapter}
 * @param before its value before, empty when it was not there
 * @param after its value after, empty when it is gone
 * @param note how it moved (a price delta, what a list gained and lost), when that says more
 * @param loosened whether the change lets more through than before (a gate threshold relaxed or removed)
 */
public record Change(String what, Optional<String> before, Optional<String> after, Optional<String> note,
        boolean loosened) {
    public Change {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(note, "note");
    }

    /** A change of a value that has no note. */
    static Change of(String what, Optional<String> before, Optional<String> after) {
        return new Change(what, before, after, Optional.empty(), false);
    }
}
