package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.catalog.AcceleratorNames;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import dev.skyrun.schema.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@code resources:} block against what exists: accelerator names (case-insensitive,
 * with suggestions), accelerator counts, cloud names, and {@code infra} agreeing with
 * {@code cloud/region/zone}. The one place that knows which hardware exists: today from
 * {@link AcceleratorNames}, later from the catalog (counts and regions per cloud).
 */
final class ResourceChecks {

    /** Clouds skyrun or SkyPilot name; others are typos. */
    static final Set<String> CLOUDS = Set.of("aws", "gcp", "azure", "vertex", "local", "kubernetes", "k8s",
            "lambda", "runpod", "oci", "ibm", "scp", "paperspace", "fluidstack", "cudo", "vsphere", "nebius", "do",
            "vast", "hyperbolic", "seeweb", "primeintellect", "ssh");

    private final SourceMap map;
    private final List<Problem> problems;

    ResourceChecks(SourceMap map, List<Problem> problems) {
        this.map = map;
        this.problems = problems;
    }

    /** Checks the block at {@code pointer} and its {@code any_of}/{@code ordered} alternatives. */
    void check(JsonNode r, String pointer) {
        if (!r.isObject()) {
            return;
        }
        cloud(r, pointer);
        accelerators(r.path("accelerators"), SourceMap.child(pointer, "accelerators"));
        for (String alt : List.of("any_of", "ordered")) {
            JsonNode list = r.path(alt);
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), SourceMap.child(SourceMap.child(pointer, alt), i));
            }
        }
    }

    private void cloud(JsonNode r, String pointer) {
        String[] infra = ResourcesReader.infra(r.path("infra"));
        if (infra[0] != null) {
            knownCloud(infra[0], SourceMap.child(pointer, "infra"));
        }
        if (r.path("cloud").isTextual()) {
            String cloud = r.path("cloud").asText().toLowerCase(Locale.ROOT);
            knownCloud(cloud, SourceMap.child(pointer, "cloud"));
            if (infra[0] != null && !infra[0].equals(cloud) && !("kubernetes".equals(infra[0]) && "k8s".equals(cloud))) {
                problems.add(Problem.of(map.value(SourceMap.child(pointer, "cloud")),
                        "cloud '" + cloud + "' disagrees with infra '" + r.path("infra").asText() + "'",
                        "write the place once, as infra: cloud/region/zone"));
            }
        }
    }

    private void knownCloud(String cloud, String pointer) {
        if (!"*".equals(cloud) && !CLOUDS.contains(cloud)) {
            problems.add(Problem.of(map.value(pointer), "unknown cloud '" + cloud + "'",
                    Suggestions.hint(cloud, CLOUDS).orElse("known clouds: aws, gcp, azure, vertex, local, kubernetes")));
        }
    }

    private void accelerators(JsonNode a, String pointer) {
        if (a.isTextual()) {
            spelled(a.asText(), pointer, true);
        } else if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                spelled(a.get(i).asText(), SourceMap.child(pointer, i), true);
            }
        } else if (a.isObject()) {
            a.properties().forEach(e -> {
                String p = SourceMap.child(pointer, e.getKey());
                known(e.getKey(), map.key(p));
                JsonNode count = e.getValue();
                if (count.isNumber() && !(count.asDouble() > 0)) {
                    problems.add(Problem.of(map.value(p), "accelerator count must be positive, got " + count.asText(),
                            "write " + e.getKey() + ": 1 or more"));
                }
            });
        }
    }

    /** {@code NAME} or {@code NAME:COUNT} written as text. */
    private void spelled(String text, String pointer, boolean withCount) {
        int colon = text.lastIndexOf(':');
        String name = colon < 0 ? text.strip() : text.substring(0, colon).strip();
        known(name, map.value(pointer));
        if (withCount && colon >= 0) {
            String count = text.substring(colon + 1).strip();
            double n;
            try {
                n = Double.parseDouble(count);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (!(n > 0)) {
                problems.add(Problem.of(map.value(pointer), "accelerator count '" + count + "' is not a positive number",
                        "write NAME:COUNT, e.g. " + name + ":1"));
            }
        }
    }

    private void known(String name, dev.skyrun.schema.Location at) {
        if (AcceleratorNames.canonical(name).isPresent()) {
            return;
        }
        List<String> close = AcceleratorNames.suggestions(name);
        String hint = close.isEmpty()
                ? "see 'skyrun show-gpus' for the accelerators skyrun knows"
                : "did you mean " + String.join(" or ", close.stream().limit(3).map(s -> "'" + s + "'").toList()) + "?";
        problems.add(Problem.of(at, "unknown accelerator '" + name + "'", hint));
    }
}
