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

    /** A plug-in property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }
}
