package dev.skyrun.spec;

import java.util.Objects;

/**
 * One setting's effective value and where it came from, as {@code skyrun config} shows it:
 * {@code aws.region = us-west-2   (project /repo/.skyrun.yaml:3:11)}.
 *
 * @param key the dotted key ({@code catalog}, {@code aws.region})
 * @param value the value as text
 * @param layer the layer that set it last
 * @param origin the file and position, variable or option that set it
 */
public record ConfigValue(String key, String value, ConfigLayer layer, String origin) {
    public ConfigValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(origin, "origin");
    }

    /** Whether the value is a credential: shown masked, never printed. */
    public boolean secret() {
        return key.endsWith("secret_access_key") || key.endsWith("access_key_id") || key.endsWith("api_key")
                || key.endsWith("connection_string");
    }
}
