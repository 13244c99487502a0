package dev.skyrun.cli;

import dev.skyrun.schema.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code K=V} options ({@code --env}, {@code --secret}); {@code K} alone takes the value from the environment given. */
final class KeyValues {

    private KeyValues() {}

    static Map<String, String> parse(String option, List<String> items, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items == null ? List.<String>of() : items) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? env.get(key) : item.substring(eq + 1);
            if (key.isEmpty() || value == null) {
                throw new InvalidInputException(option + " " + (eq < 0 ? key : item) + ": write " + option
                        + " NAME=VALUE (or " + option + " NAME to take NAME from the environment)");
            }
            out.put(key, value);
        }
        return out;
    }
}
