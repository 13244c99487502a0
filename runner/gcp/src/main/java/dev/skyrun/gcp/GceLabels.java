package dev.skyrun.gcp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Google Cloud's naming rules for resource names, label values and request ids. */
final class GceLabels {

    private GceLabels() {}

    /** A label value: lower case letters, digits, {@code -} and {@code _}, at most 63 characters. */
    static String value(String raw) {
        String v = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return v.length() <= 63 ? v : v.substring(0, 63);
    }

    /** Labels with values made valid. */
    static Map<String, String> of(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> out.put(value(k), value(v)));
        return out;
    }

    /** A resource name (RFC 1035): starts with a letter, lower case, at most 63 characters. */
    static String name(String cluster, int rank) {
        String base = cluster.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "sky-" + base;
        }
        String suffix = "-" + rank;
        if (base.length() + suffix.length() > 63) {
            base = base.substring(0, 63 - suffix.length());
        }
        return (base + suffix).replaceAll("-+", "-");
    }

    /** The request id for a node's create call: a UUID derived from the intent token, stable across retries. */
    static String requestId(String intentToken, int rank) {
        return UUID.nameUUIDFromBytes((intentToken + "/" + rank).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
