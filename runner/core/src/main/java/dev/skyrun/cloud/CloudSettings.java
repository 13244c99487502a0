package dev.skyrun.cloud;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one cloud: an endpoint override (loopback in tests, a private endpoint in
 * production) and where credentials come from.
 *
 * <p>Read from {@code SKYRUN_<CLOUD>_ENDPOINT} and the cloud's own credential chain; tests
 * set the endpoint to a loopback fake.
 *
 * @param cloud the cloud's name
 * @param endpoint an endpoint that replaces the provider's default, if set
 * @param properties plug-in specific settings (profile, project, credentials file...)
 */
public record CloudSettings(String cloud, Optional<URI> endpoint, Map<String, String> properties) {
    public CloudSettings {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(endpoint, "endpoint");
        properties = Map.copyOf(properties);
    }

    /** Settings with no overrides: the provider's defaults. */
    public static CloudSettings defaults(String cloud) {
        return new CloudSettings(cloud, Optional.empty(), Map.of());
    }

    /**
     * Settings from the environment: {@code SKYRUN_<CLOUD>_ENDPOINT} overrides the endpoint, and
     * every {@code SKYRUN_<CLOUD>_<KEY>} becomes property {@code <key>} (lower case).
     */
    public static CloudSettings fromEnvironment(String cloud, Map<String, String> env) {
        String prefix = "SKYRUN_" + cloud.toUpperCase(java.util.Locale.ROOT) + "_";
        Map<String, String> props = new java.util.TreeMap<>();
        Optional<URI> endpoint = Optional.empty();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String key = e.getKey().substring(prefix.length()).toLowerCase(java.util.Locale.ROOT);
            if (key.equals("endpoint")) {
                endpoint = Optional.of(URI.create(e.getValue()));
            } else {
                props.put(key, e.getValue());
            }
        }
        return new CloudSettings(cloud, endpoint, props);
    }

    /** A plug-in property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * A numeric plug-in property (intervals, timeouts, sizes), or {@code fallback} when it is not set.
     *
     * @throws dev.skyrun.schema.InvalidInputException when it is set to something other than a whole number
     */
    public long number(String key, long fallback) {
        Optional<String> value = property(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            String variable = "SKYRUN_" + cloud.toUpperCase(java.util.Locale.ROOT) + "_" + key.toUpperCase(java.util.Locale.ROOT);
            throw new dev.skyrun.schema.InvalidInputException("the " + cloud + " setting " + key + " (" + variable + ", or "
                    + key + " under " + cloud + ": in a config file) is '" + value.get() + "', not a whole number; set a whole"
                    + " number or remove it (skyrun config shows where it comes from)");
        }
    }
}
