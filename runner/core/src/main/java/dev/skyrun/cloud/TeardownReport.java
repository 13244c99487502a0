package dev.skyrun.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one teardown did: the resources it removed and what it left.
 *
 * @param removed resources removed (compute verified terminated, auxiliaries deleted)
 * @param left what is still there, compute first
 */
public record TeardownReport(List<CloudResource> removed, List<Leftover> left) {
    public TeardownReport {
        removed = List.copyOf(removed);
        left = List.copyOf(left);
    }

    /** Nothing removed, nothing left. */
    public static TeardownReport empty() {
        return new TeardownReport(List.of(), List.of());
    }

    /** Whether nothing is left. */
    public boolean complete() {
        return left.isEmpty();
    }

    /** Whether every compute resource is verified terminated (auxiliaries may be left). */
    public boolean computeGone() {
        return left.stream().noneMatch(Leftover::compute);
    }

    /** This report and {@code other}'s, together. */
    public TeardownReport plus(TeardownReport other) {
        List<CloudResource> r = new ArrayList<>(removed);
        r.addAll(other.removed);
        List<Leftover> l = new ArrayList<>(left);
        l.addAll(other.left);
        return new TeardownReport(r, l);
    }

    /** What is left, one line: {@code aws instance i-1 (...); aws security-group sg-2 (...)}. */
    public String describeLeft() {
        return left.stream().map(Leftover::describe).collect(Collectors.joining("; "));
    }
}
