package dev.skyrun.spec;

import static dev.skyrun.spec.SpecReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.catalog.AcceleratorNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code resources:} mapping (already checked against the schema) into {@link Resources},
 * with SkyPilot's shorthands: {@code infra: cloud/region/zone}, accelerators as text, list or
 * mapping, {@code N+} quantities, {@code job_recovery} as a name or a mapping.
 */
final class ResourcesReader {

    private ResourcesReader() {}

    static Resources read(JsonNode r) {
        if (r == null || r.isMissingNode() || r.isNull()) {
            return Resources.ANY;
        }
        String[] infra = infra(r.path("infra"));
        return new Resources(
                Optional.ofNullable(infra[0]).or(() -> text(r, "cloud").map(c -> c.toLowerCase(Locale.ROOT))),
                Optional.ofNullable(infra[1]).or(() -> text(r, "region")),
                Optional.ofNullable(infra[2]).or(() -> text(r, "zone")),
                accelerators(AcceleratorEntries.node(r)),
                SpecReader.plain(r.path("accelerator_args")),
                quantity(r.path("cpus")),
                quantity(r.path("memory")),
                text(r, "instance_type"),
                r.path("use_spot").isBoolean() ? Optional.of(r.path("use_spot").asBoolean()) : Optional.empty(),
                diskSize(r.path("disk_size")),
                text(r, "disk_tier"),
                r.has("image_id") ? imageId(r.path("image_id")) : Optional.empty(),
                ports(r.path("ports")),
                SpecReader.texts(r.path("labels")),
                r.path("max_hourly_cost").isNumber() ? Optional.of(r.path("max_hourly_cost").asDouble()) : Optional.empty(),
                entries(r, "any_of"),
                entries(r, "ordered"),
                jobRecovery(r.path("job_recovery")),
                budget(r));
    }

    /** {@code max_total_cost} and {@code max_duration} (the schema allows them in the top block only). */
    private static Budget budget(JsonNode r) {
        JsonNode d = r.path("max_duration");
        return new Budget(r.path("max_total_cost").isNumber() ? Optional.of(r.path("max_total_cost").asDouble())
                : Optional.empty(), d.isNumber() || d.isTextual() ? Optional.of(Budget.duration(d.asText()).toSeconds())
                : Optional.empty());
    }

    /**
     * {@code image_id} as text; of a mapping, its {@code docker:} entry (the job's container, SkyPilot's
     * {@code {us-east-1: ami-..., docker: ubuntu:22.04}}); VM image ids are the provider's business. Written
     * {@code null}: {@link Resources#DEFAULT_IMAGE} (an {@code any_of} entry's way to run the default, not its parent's).
     */
    static Optional<String> imageId(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isNull()) {
            return Optional.of(Resources.DEFAULT_IMAGE);
        }
        JsonNode docker = node.path("docker");
        return docker.isTextual() ? Optional.of("docker:" + docker.asText()) : Optional.empty();
    }

    /**
     * {@code any_of} (or {@code ordered}) entries. A per-region {@code image_id} mapping, the entry's or else its
     * parent's, makes one entry per region it names, each with that region's image, as SkyPilot fails over only
     * through the regions it names; without entries, the parent's mapping alone makes them.
     */
    private static List<Resources> entries(JsonNode r, String key) {
        JsonNode parentImage = r.path("image_id");
        boolean parentPinsRegion = r.has("region") || r.has("zone") || infra(r.path("infra"))[1] != null;
        if (!r.has(key)) {
            boolean bare = "any_of".equals(key) && !r.has("ordered") && parentImage.isObject() && !parentPinsRegion;
            return bare ? perRegion(Resources.ANY, parentImage) : List.of();
        }
        List<Resources> out = new ArrayList<>();
        for (JsonNode n : r.path(key)) {
            Resources entry = read(n);
            JsonNode map = n.has("image_id") ? n.path("image_id") : parentImage;
            boolean pinned = entry.region().isPresent() || (parentPinsRegion && entry.cloud().isEmpty());
            if (!map.isObject()) {
                out.add(entry);
            } else if (pinned) {
                String region = entry.region().orElseGet(() -> infra(r.path("infra"))[1] != null ? infra(r.path("infra"))[1]
                        : SpecReader.text(r, "region").orElse(""));
                out.add(withRegionImage(entry, entry.region(), imageFor(map, region)));
            } else {
                out.addAll(perRegion(entry, map));
            }
        }
        return out;
    }

    /** One copy of {@code entry} per region of the {@code image_id} mapping, each pinned there with its image. */
    private static List<Resources> perRegion(Resources entry, JsonNode map) {
        List<Resources> regions = new ArrayList<>();
        map.fieldNames().forEachRemaining(region -> {
            if (!"docker".equals(region)) {
                regions.add(withRegionImage(entry, Optional.of(region), imageFor(map, region)));
            }
        });
        return regions;
    }

    /** A region's image of the mapping: its {@code docker:} value, else the mapping's {@code docker} entry, else its VM image. */
    private static Optional<String> imageFor(JsonNode map, String region) {
        Optional<String> own = map.path(region).isTextual() ? Optional.of(map.path(region).asText()) : Optional.empty();
        return own.filter(v -> v.startsWith("docker:")).or(() -> imageId(map)).or(() -> own);
    }

    private static Resources withRegionImage(Resources e, Optional<String> region, Optional<String> image) {
        return new Resources(e.cloud(), region, e.zone(), e.accelerators(), e.acceleratorArgs(), e.cpus(), e.memory(),
                e.instanceType(), e.useSpot(), e.diskSize(), e.diskTier(), image, e.ports(), e.labels(), e.maxHourlyCost(),
                List.of(), List.of(), e.jobRecovery());
    }

    /** {@code aws/us-east-1/us-east-1a} as [cloud, region, zone]; {@code *} parts mean any. */
    static String[] infra(JsonNode node) {
        String[] out = new String[3];
        if (node.isTextual()) {
            String[] parts = node.asText().strip().split("/");
            for (int i = 0; i < Math.min(3, parts.length); i++) {
                out[i] = "*".equals(parts[i]) || parts[i].isBlank() ? null : parts[i];
            }
            if (out[0] != null) {
                out[0] = out[0].toLowerCase(Locale.ROOT);
                out[0] = "k8s".equals(out[0]) ? "kubernetes" : out[0];
            }
        }
        return out;
    }

    static Optional<Accelerators> accelerators(JsonNode node) {
        List<AcceleratorChoice> choices = new ArrayList<>();
        for (AcceleratorEntries.Entry e : AcceleratorEntries.of(node, "")) {
            choices.add(new AcceleratorChoice(canonical(e.written().name()), e.written().countOrOne()));
        }
        return choices.isEmpty() ? Optional.empty()
                : Optional.of(new Accelerators(choices, AcceleratorEntries.preference(node, choices.size())));
    }

    private static String canonical(String name) {
        return AcceleratorNames.canonical(name).orElse(name.strip());
    }

    /** GiB: a number, or text with a unit as SkyPilot writes sizes ({@code 1024GB}, {@code 1TB}, {@code 512Gi}). */
    static Optional<Integer> diskSize(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Optional.of(node.asInt());
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgtp]?)i?b?")
                .matcher(node.asText("").strip().toLowerCase(Locale.ROOT));
        if (!node.isTextual() || !m.matches()) {
            return Optional.empty();
        }
        int power = "kmgtp".indexOf(m.group(2).isEmpty() ? "g" : m.group(2)) - 2;
        return Optional.of((int) Math.floor(Double.parseDouble(m.group(1)) * Math.pow(1024, power))); // SkyPilot floors
    }

    private static Optional<Quantity> quantity(JsonNode node) {
        try {
            if (node.isNumber() && node.asDouble() > 0) {
                return Optional.of(new Quantity(node.asDouble(), false));
            }
            return node.isTextual() ? Optional.of(Quantity.parse(node.asText())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<String> ports(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isValueNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    static Optional<JobRecovery> jobRecovery(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(new JobRecovery(strategy(node.asText()), 0, List.of()));
        }
        if (!node.isObject()) {
            return Optional.empty();
        }
        List<Integer> codes = new ArrayList<>();
        JsonNode c = node.path("recover_on_exit_codes");
        if (c.isArray()) {
            c.forEach(n -> codes.add(n.asInt()));
        } else if (c.isIntegralNumber()) {
            codes.add(c.asInt());
        }
        return Optional.of(new JobRecovery(strategy(node.path("strategy").asText(JobRecovery.DEFAULT_STRATEGY.name())),
                Math.max(0, node.path("max_restarts_on_errors").asInt(0)), codes));
    }

    private static JobRecovery.Strategy strategy(String text) {
        try {
            return JobRecovery.Strategy.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return JobRecovery.DEFAULT_STRATEGY;
        }
    }
}
