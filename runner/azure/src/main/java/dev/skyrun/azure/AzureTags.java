package dev.skyrun.azure;

import com.azure.core.management.Resource;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Azure tags as skyrun's {@link Labels}: the match rule of a leak sweep, and the sweep of one kind of resource. */
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

    /**
     * The resources of {@code kind} in {@code listing} (every region's) that carry the labels; a
     * listing that fails is an error naming {@code operation}.
     */
    static List<CloudResource> labelled(String kind, Supplier<Stream<? extends Resource>> listing, Labels labels, String operation) {
        try {
            return listing.get().filter(r -> match(r.tags(), labels))
                    .map(r -> new CloudResource(AzureProvider.NAME, kind, r.id(), orEmpty(r.tags()))).toList();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context("all regions", "", operation));
        }
    }
}
