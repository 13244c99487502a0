package dev.skyrun.plan;

import java.util.List;
import java.util.Objects;

/**
 * How many candidates one filter removed, and what it was asked to keep: one line of
 * {@code plan}'s "why not" section.
 *
 * <p>A candidate is an offering paired with one alternative of the request; with several
 * alternatives ({@code any_of}, {@code ordered}, accelerator sets) an offering is counted once
 * per alternative that looked at it.
 *
 * @param filter the filter
 * @param removed how many candidates it removed
 * @param asked what the request asked of this filter, e.g. {@code [A100:8]} or {@code [us-central1]}
 */
public record Removal(Filter filter, long removed, List<String> asked) {
    public Removal {
        Objects.requireNonNull(filter, "filter");
        asked = List.copyOf(asked);
    }

    /** {@code region us-central1: removed 1,204 candidates (other regions)}. */
    public String reason() {
        String what = asked.isEmpty() ? "" : " " + String.join(", ", asked);
        return filter.key() + what + ": removed " + String.format(java.util.Locale.ROOT, "%,d", removed)
                + " candidate" + (removed == 1 ? "" : "s") + " (" + filter.removes() + ")";
    }
}
