package dev.skyrun.kubernetes;

import dev.skyrun.cloud.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Names and label values as Kubernetes accepts them: object names are DNS labels (lower case
 * letters, digits and {@code -}, at most 63), label values at most 63 of letters, digits,
 * {@code -_.}. A name that must change keeps a hash of the original, so two never collide.
 */
final class KubeNames {

    private static final int MAX = 63;
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile(
            "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private KubeNames() {}

    /** The pod of a cluster's node {@code rank}. */
    static String pod(String cluster, int rank) {
        return podPrefix(cluster) + "-" + rank;
    }

    /** What every pod name of a cluster starts with, before {@code -RANK}. */
    static String podPrefix(String cluster) {
        return dnsLabel(cluster, MAX - 6);
    }

    /** The headless service of a multi-node cluster (a DNS-1035 label: starts with a letter). */
    static String service(String cluster) {
        return dnsLabel("skyrun-" + cluster, MAX);
    }

    /** The Secret holding a cluster's job secrets. */
    static String secret(String cluster) {
        return dnsLabel("skyrun-" + cluster + "-env", MAX);
    }

    /**
     * The labels with Kubernetes label values (an empty value stays empty: a selector on the key
     * alone); a key Kubernetes refuses (a user label such as {@code cost center}) is left out.
     */
    static Map<String, String> labels(Labels labels) {
        Map<String, String> out = new java.util.TreeMap<>();
        labels.values().forEach((k, v) -> {
            if (KEY.matcher(k).matches()) {
                out.put(k, labelValue(v));
            }
        });
        return out;
    }

    /** {@code value} as a label value. */
    static String labelValue(String value) {
        String v = value.replaceAll("[^A-Za-z0-9._-]", "-");
        if (v.equals(value) && v.length() <= MAX && (v.isEmpty() || alnum(v.charAt(0)) && alnum(v.charAt(v.length() - 1)))) {
            return v;
        }
        return shorten(v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", ""), value, MAX);
    }

    private static String dnsLabel(String name, int max) {
        String v = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return v.equals(name) && v.length() <= max ? v : shorten(v, name, max);
    }

    private static String shorten(String cleaned, String original, int max) {
        String hash = sha(original).substring(0, 8);
        String head = cleaned.substring(0, Math.min(cleaned.length(), max - 9)).replaceAll("[^A-Za-z0-9]+$", "");
        return (head.isEmpty() ? "x" : head) + "-" + hash;
    }

    private static boolean alnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
