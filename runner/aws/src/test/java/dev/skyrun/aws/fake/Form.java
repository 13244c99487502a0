package dev.skyrun.aws.fake;

import dev.skyrun.testkit.FakeHttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A form-encoded EC2/STS Query request body, with the Query API's numbered lists ({@code X.1}, {@code X.2}). */
public record Form(Map<String, String> params) {

    public static Form parse(String body) {
        return new Form(FakeHttpServer.form(body));
    }

    public String get(String key) {
        return params.get(key);
    }

    public String get(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /** {@code prefix.1}, {@code prefix.2}... until one is missing. */
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + "." + i); i++) {
            out.add(params.get(prefix + "." + i));
        }
        return out;
    }

    /** {@code Filter.N.Name} to its {@code Filter.N.Value.M} values. */
    public Map<String, List<String>> filters() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            out.put(params.get("Filter." + i + ".Name"), list("Filter." + i + ".Value"));
        }
        return out;
    }

    /** {@code TagSpecification.N} of a resource type as a map. */
    public Map<String, String> tagsFor(String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
            if (params.get("TagSpecification." + i + ".ResourceType").equals(resourceType)) {
                String p = "TagSpecification." + i + ".Tag.";
                for (int j = 1; params.containsKey(p + j + ".Key"); j++) {
                    tags.put(params.get(p + j + ".Key"), params.get(p + j + ".Value"));
                }
            }
        }
        return tags;
    }
}
