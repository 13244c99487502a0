package dev.skyrun.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * Something a cloud holds on skyrun's behalf (instance, volume, network, container), found by label.
 *
 * @param cloud cloud name
 * @param kind what it is ({@code instance}, {@code volume}, {@code container}, {@code network}...)
 * @param id the provider's id
 * @param labels its labels
 */
public record CloudResource(String cloud, String kind, String id, Map<String, String> labels) {
    public CloudResource {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        labels = Map.copyOf(labels);
    }
}
