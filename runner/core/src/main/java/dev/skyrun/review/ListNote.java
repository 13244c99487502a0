package dev.skyrun.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What a comma-separated list gained and lost: {@code +aws/us-west-2; -gcp/europe-west4}. */
final class ListNote {

    private ListNote() {}

    /** The items added and removed, or empty when either value is not a list of several items. */
    static Optional<String> of(String before, String after) {
        Set<String> b = items(before);
        Set<String> a = items(after);
        if (b.size() < 2 && a.size() < 2) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        a.stream().filter(x -> !b.contains(x)).forEach(x -> parts.add("+" + x));
        b.stream().filter(x -> !a.contains(x)).forEach(x -> parts.add("-" + x));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    private static Set<String> items(String value) {
        Set<String> out = new TreeSet<>();
        for (String s : value.split(", ")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }
}
