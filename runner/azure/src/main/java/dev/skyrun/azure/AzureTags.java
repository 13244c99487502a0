package dev.skyrun.azure;

import dev.skyrun.cloud.Labels;
import java.util.Map;

/** Azure tags as skyrun's {@link Labels}: the match rule of a leak sweep. */
final class AzureTags {

    private AzureTags() {}

    /** Whether {@code tags} carry every label; a label with an empty value matches any value of its key. */
    static boolean match(Map<String, String> tags, Labels labels) {
        if (tags == null) {
            return false;
        }
        for (Map.Entry<String, String> l : labels.values().entrySet()) {
            String v = tags.get(l.getKey());
            if (v == null || !l.getValue().isEmpty() && !l.getValue().equals(v)) {
                return false;
            }
        }
        return true;
    }

    /** The tags, or none. */
    static Map<String, String> orEmpty(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }
}
