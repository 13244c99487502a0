package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CredentialCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks credential values in what a plug-in reports, as a second line of defence: values of
 * settings and environment variables whose names say secret, token, password, key or credential
 * are replaced by {@code ****} wherever they appear (a provider's error text may echo them).
 */
final class Redaction {

    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(secret|token|password|passwd|key|credential).*");
    /** Shorter values are too likely to occur by chance (and too weak to be real secrets). */
    private static final int MIN_LENGTH = 6;
    private static final String MASK = "****";

    private final List<String> values;

    private Redaction(List<String> values) {
        this.values = values;
    }

    /** The sensitive values of the named clouds' settings and of the environment. */
    static Redaction of(CloudRegistry clouds, List<String> names, Map<String, String> env) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            collect(clouds.settings(name).properties(), found);
        }
        collect(env, found);
        found.sort(Comparator.comparingInt(String::length).reversed()); // a value inside another: the longer first
        return new Redaction(found);
    }

    private static void collect(Map<String, String> pairs, List<String> into) {
        pairs.forEach((k, v) -> {
            if (v != null && v.length() >= MIN_LENGTH && SENSITIVE.matcher(k).matches() && !into.contains(v)) {
                into.add(v);
            }
        });
    }

    /** The check with every sensitive value masked. */
    CredentialCheck apply(CredentialCheck c) {
        return new CredentialCheck(c.cloud(), c.ok(), mask(c.identity()), c.details().stream().map(this::mask).toList());
    }

    String mask(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }
}
