package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.catalog.AcceleratorNames;
import dev.skyrun.schema.Location;
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
    static final Set<String> CLOUDS = Set.of("aws", "gcp", "azure", "vertex", "sagemaker", "local", "kubernetes", "k8s",
            "lambda", "runpod", "oci", "ibm", "scp", "paperspace", "fluidstack", "cudo", "vsphere", "nebius", "do",
            "vast", "hyperbolic", "seeweb", "primeintellect", "ssh");

    private final SourceMap map;
    private final List<Problem> problems;
    private final CatalogPlaces catalog;

    ResourceChecks(SourceMap map, List<Problem> problems, CatalogPlaces catalog) {
        this.map = map;
        this.problems = problems;
        this.catalog = catalog;
    }

    /** Checks the block at {@code pointer} and its {@code any_of}/{@code ordered} alternatives. */
    void check(JsonNode r, String pointer) {
        check(r, pointer, null);
    }

    /**
     * {@code inherited} is the cloud the enclosing block pins, or null. On Kubernetes accelerator names are
     * the cluster's own labels (MI300, ...), so any name is accepted where Kubernetes is pinned.
     */
    private void check(JsonNode r, String pointer, String inherited) {
        if (!r.isObject()) {
            return;
        }
        cloud(r, pointer);
        if (r.has("any_of") && r.has("ordered")) {
            problems.add(Problem.of(map.key(SourceMap.child(pointer, "ordered")),
                    "resources has both any_of and ordered; SkyPilot refuses that, and so does skyrun",
                    "keep one: any_of lets the optimizer order the alternatives by price, ordered tries them as written"));
        }
        String pinned = pinnedCloud(r).orElse(inherited);
        new PlaceChecks(map, problems, catalog).check(r, pointer, pinned);
        accelerators(r, pointer, "kubernetes".equals(pinned));
        ports(r.path("ports"), SourceMap.child(pointer, "ports"));
        for (String alt : List.of("any_of", "ordered")) {
            JsonNode list = r.path(alt);
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), SourceMap.child(SourceMap.child(pointer, alt), i), pinned);
            }
        }
    }

    static java.util.Optional<String> pinnedCloud(JsonNode r) {
        String infra = ResourcesReader.infra(r.path("infra"))[0];
        String cloud = infra != null ? infra : r.path("cloud").isTextual() ? r.path("cloud").asText().toLowerCase(Locale.ROOT) : null;
        return java.util.Optional.ofNullable("k8s".equals(cloud) ? "kubernetes" : cloud);
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
                    Suggestions.hint(cloud, CLOUDS).orElse("known clouds: aws, gcp, azure, vertex, sagemaker, local, kubernetes")));
        }
    }

    private void accelerators(JsonNode r, String pointer, boolean anyName) {
        String field = AcceleratorEntries.field(r);
        for (AcceleratorEntries.Entry e : AcceleratorEntries.of(AcceleratorEntries.node(r), SourceMap.child(pointer, field))) {
            Location at = e.atKey() ? map.key(e.pointer()) : map.value(e.pointer());
            if (!anyName) {
                known(e.written().name(), at);
            }
            if (e.written().badCount()) {
                problems.add(Problem.of(e.atKey() ? map.value(e.pointer()) : at, "accelerator count '"
                        + e.written().count().orElse("") + "' is not a positive number",
                        "write NAME:COUNT, e.g. " + e.written().name() + ":1"));
            }
        }
    }

    /** Each port a number 1-65535 or a range {@code FROM-TO}: they become firewall rules on the provider. */
    private void ports(JsonNode ports, String pointer) {
        if (ports.isArray()) {
            for (int i = 0; i < ports.size(); i++) {
                ports(ports.get(i), SourceMap.child(pointer, i));
            }
        } else if ((ports.isTextual() || ports.isIntegralNumber()) && PortRange.parse(ports.asText()).isEmpty()) {
            problems.add(Problem.of(map.value(pointer), "port '" + ports.asText() + "' is not a port (1-65535) or a range FROM-TO",
                    "write e.g. 8080 or '10000-10010'"));
        }
    }

    private void known(String name, Location at) {
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
