package dev.skyrun.aws;

import dev.skyrun.cloud.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Skyrun labels as EC2 tags and filters: the one place the tag vocabulary meets the EC2 model. */
final class Ec2Tags {

    /** Instance states that still hold (or may soon hold) capacity. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped", "shutting-down");

    private Ec2Tags() {}

    static List<Tag> tags(Labels labels, String name) {
        List<Tag> tags = new ArrayList<>();
        new TreeMap<>(labels.values()).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        tags.add(Tag.builder().key("Name").value(name).build());
        return tags;
    }

    static TagSpecification spec(ResourceType type, Labels labels, String name) {
        return TagSpecification.builder().resourceType(type).tags(tags(labels, name)).build();
    }

    static List<Filter> filters(Labels labels) {
        List<Filter> filters = new ArrayList<>();
        new TreeMap<>(labels.values()).forEach((k, v) -> filters.add(filter("tag:" + k, v)));
        return filters;
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    static Map<String, String> asMap(List<Tag> tags) {
        Map<String, String> m = new TreeMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
