package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads task documents (already checked against the schema) into {@link TaskSpec} records:
 * SkyPilot fields as SkyPilot means them, plus skyrun's image, outputs, metrics and gates.
 */
final class SpecReader {

    private SpecReader() {}

    /** A task; {@code defaultName} is used when the document has no {@code name:}. */
    static TaskSpec task(JsonNode t, String defaultName) {
        return new TaskSpec(
                text(t, "name").orElse(defaultName),
                t.path("workdir").isObject() ? Optional.of(new GitWorkdir(t.path("workdir").path("url").asText(),
                        text(t.path("workdir"), "ref")).text()) : text(t, "workdir"),
                t.path("num_nodes").isIntegralNumber() ? Math.max(1, t.path("num_nodes").asInt()) : 1,
                ResourcesReader.read(t.get("resources")),
                envs(t.path("envs")),
                secrets(t.path("secrets")),
                mounts(t.path("file_mounts")),
                text(t, "setup"),
                text(t, "run"),
                text(t, "image"),
                outputs(t.path("outputs")),
                t.path("metrics").isTextual() ? text(t, "metrics") : text(t.path("metrics"), "path"),
                GateSpec.readAll(t.path("gates")));
    }

    /** The declared metric names ({@code metrics: {names: [...]}}), or empty when any name is accepted. */
    static Optional<List<String>> metricNames(JsonNode t) {
        JsonNode names = t.path("metrics").path("names");
        if (!names.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(n.asText()));
        return Optional.of(out);
    }

    /** A release block; {@code keep_stable} defaults to 3. */
    static Optional<ReleaseSpec> release(JsonNode r) {
        if (!r.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseSpec(r.path("name").asText(), text(r, "version"), text(r, "publish"),
                Math.max(1, r.path("keep_stable").asInt(3))));
    }

    /** {@code needs: a} or {@code needs: [a, b]}. */
    static List<String> needs(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    /** A file's stem as a valid task name: {@code My_Task.yaml} becomes {@code my-task}. */
    static String nameFromFile(String fileName) {
        String stem = fileName.replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        int max = TaskSpec.MAX_RUN_NAME;
        stem = stem.length() > max ? stem.substring(0, max).replaceAll("-+$", "") : stem;
        return stem.isEmpty() ? "task" : stem;
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? Optional.of(v.asText()) : Optional.empty();
    }

    /**
     * Envs as text the way SkyPilot makes them text (Python's {@code str}): {@code true} is {@code True}, a
     * number as written by the YAML reader, null as empty text.
     */
    static Map<String, String> envs(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), envText(e.getValue())));
        return out;
    }

    /** One env value as SkyPilot's text of it. */
    static String envText(JsonNode v) {
        return v.isNull() ? "" : v.isBoolean() ? (v.asBoolean() ? "True" : "False") : v.asText();
    }

    /** A mapping of plain values as text (null as empty text), in the order written. */
    static Map<String, String> texts(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    /** A mapping as plain Java values (maps, lists, strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(JsonNode node) {
        return node.isObject() ? new ObjectMapper().convertValue(node, LinkedHashMap.class) : Map.of();
    }

    private static Map<String, Optional<String>> secrets(JsonNode node) {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(),
                e.getValue().isNull() || e.getValue().asText().isEmpty() ? Optional.empty()
                        : Optional.of(e.getValue().asText())));
        return out;
    }

    private static Map<String, FileMount> mounts(JsonNode node) {
        Map<String, FileMount> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(mountTarget(e.getKey()), mount(mountTarget(e.getKey()), e.getValue())));
        return out;
    }

    /**
     * A mount destination as SkyPilot resolves it: a relative one ({@code data}, {@code ./data}) is under the job's
     * working directory ({@link TaskSpec#WORKDIR}, SkyPilot's {@code ~/sky_workdir}).
     */
    static String mountTarget(String target) {
        if (target.startsWith("/") || target.startsWith("~")) {
            return target;
        }
        return TaskSpec.WORKDIR + "/" + (target.startsWith("./") ? target.substring(2) : target);
    }

    private static FileMount mount(String target, JsonNode m) {
        if (!m.isObject()) {
            return FileMount.copy(target, m.asText());
        }
        JsonNode src = m.path("source");
        List<String> sources = new ArrayList<>();
        if (src.isArray()) {
            src.forEach(x -> sources.add(x.asText()));
        } else {
            text(m, "source").ifPresent(sources::add);
        }
        FileMount.MountMode mode = FileMount.MountMode.valueOf(m.path("mode").asText("MOUNT").toUpperCase(Locale.ROOT));
        return new FileMount(target, sources, text(m, "name"), text(m, "store"), mode,
                m.path("persistent").asBoolean(true));
    }

    private static Map<String, OutputSpec> outputs(JsonNode node) {
        Map<String, OutputSpec> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode o = e.getValue();
            if (o.isNumber()) {
                return; // SkyPilot's size estimate of an output: not an artifact
            }
            out.put(e.getKey(), o.isObject()
                    ? new OutputSpec(e.getKey(), o.path("path").asText(), text(o, "role"))
                    : new OutputSpec(e.getKey(), o.asText(), Optional.empty()));
        });
        return out;
    }
}
