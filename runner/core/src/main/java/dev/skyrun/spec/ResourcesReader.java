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
                accelerators(r.path("accelerators")),
                SpecReader.plain(r.path("accelerator_args")),
                quantity(r.path("cpus")),
                quantity(r.path("memory")),
                text(r, "instance_type"),
                r.path("use_spot").isBoolean() ? Optional.of(r.path("use_spot").asBoolean()) : Optional.empty(),
                r.path("disk_size").isIntegralNumber() ? Optional.of(r.path("disk_size").asInt()) : Optional.empty(),
                text(r, "disk_tier"),
                r.path("image_id").isTextual() ? Optional.of(r.path("image_id").asText()) : Optional.empty(),
                ports(r.path("ports")),
                SpecReader.texts(r.path("labels")),
                r.path("max_hourly_cost").isNumber() ? Optional.of(r.path("max_hourly_cost").asDouble()) : Optional.empty(),
                list(r.path("any_of")),
                list(r.path("ordered")),
                jobRecovery(r.path("job_recovery")));
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
        if (node.isTextual()) {
            return Optional.of(new Accelerators(List.of(choice(node.asText())), Accelerators.Preference.ONE));
        }
        List<AcceleratorChoice> choices = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> choices.add(choice(n.asText())));
            return choices.isEmpty() ? Optional.empty()
                    : Optional.of(new Accelerators(choices, Accelerators.Preference.ORDERED));
        }
        if (node.isObject()) {
            node.properties().forEach(e -> choices.add(new AcceleratorChoice(canonical(e.getKey()),
                    e.getValue().isNumber() && e.getValue().asDouble() > 0 ? e.getValue().asDouble() : 1)));
            Accelerators.Preference p = choices.size() == 1 ? Accelerators.Preference.ONE : Accelerators.Preference.ANY;
            return choices.isEmpty() ? Optional.empty() : Optional.of(new Accelerators(choices, p));
        }
        return Optional.empty();
    }

    /** {@code A100:8}, {@code A100} (one), {@code T4:0.5}; a bad count reads as 1 (the checks report it). */
    static AcceleratorChoice choice(String text) {
        int colon = text.lastIndexOf(':');
        String name = colon < 0 ? text.strip() : text.substring(0, colon).strip();
        double count = 1;
        if (colon >= 0) {
            try {
                count = Double.parseDouble(text.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                count = 1;
            }
        }
        return new AcceleratorChoice(canonical(name), count > 0 ? count : 1);
    }

    private static String canonical(String name) {
        return AcceleratorNames.canonical(name).orElse(name.strip());
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

    private static List<Resources> list(JsonNode node) {
        List<Resources> out = new ArrayList<>();
        node.forEach(n -> out.add(read(n)));
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
        return Optional.of(new JobRecovery(strategy(node.path("strategy").asText("FAILOVER")),
                Math.max(0, node.path("max_restarts_on_errors").asInt(0)), codes));
    }

    private static JobRecovery.Strategy strategy(String text) {
        try {
            return JobRecovery.Strategy.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return JobRecovery.Strategy.FAILOVER;
        }
    }
}
