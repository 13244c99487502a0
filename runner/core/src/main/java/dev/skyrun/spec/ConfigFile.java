package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SchemaValidator;
import dev.skyrun.schema.SourceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one file layer of {@link SkyrunConfig}: {@code config.yaml}, {@code .skyrun.yaml}, or a
 * spec's {@code config:}. Loaded by {@link SafeYaml}; our own files are checked against
 * {@code schemas/config.schema.json}; every problem names FILE:LINE:COL. A spec's
 * {@code config:} is SkyPilot's too, so there only the sections skyrun knows are read.
 */
final class ConfigFile {

    private ConfigFile() {}

    /**
     * The settings of {@code file} in {@code layer}, by key.
     *
     * @throws InvalidInputException listing every problem, each at its FILE:LINE:COL
     */
    static Map<String, ConfigValue> read(Path file, ConfigLayer layer) {
        List<YamlDocument> docs = SafeYaml.read(file, file.toString());
        YamlDocument doc = docs.get(0);
        String base = layer == ConfigLayer.SPEC ? "/config" : "";
        JsonNode root = layer == ConfigLayer.SPEC ? doc.root().path("config") : doc.root();
        List<Problem> problems = new ArrayList<>();
        if (layer != ConfigLayer.SPEC && !root.isNull()) {
            problems.addAll(SchemaValidator.shared().validate(SchemaValidator.Kind.CONFIG, root, doc.sourceMap()));
        }
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        if (problems.isEmpty() && root.isObject()) {
            root.properties().forEach(e -> {
                String at = SourceMap.child(base, e.getKey());
                if (e.getKey().equals(ConfigKeys.CATALOG) && e.getValue().isTextual()) {
                    String dir = file.toAbsolutePath().getParent().resolve(e.getValue().asText()).normalize().toString();
                    put(values, problems, doc.sourceMap(), layer, at, ConfigKeys.CATALOG, dir);
                } else if (ConfigKeys.CLOUDS.contains(e.getKey()) && e.getValue().isObject()) {
                    e.getValue().properties().forEach(p -> {
                        if (p.getValue().isValueNode()) {
                            put(values, problems, doc.sourceMap(), layer, SourceMap.child(at, p.getKey()),
                                    e.getKey() + "." + p.getKey(), p.getValue().asText());
                        }
                    });
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return values;
    }

    private static void put(Map<String, ConfigValue> values, List<Problem> problems, SourceMap map, ConfigLayer layer,
            String pointer, String key, String value) {
        if (!layer.trusted() && ConfigKeys.userOnly(key)) {
            problems.add(Problem.of(map.key(pointer), "'" + key + "' may not be set in " + ConfigKeys.describe(layer)
                    + ": it sends credentials or files elsewhere",
                    "set it in ~/.skyrun/config.yaml, the environment (" + ConfigKeys.variable(key) + ") or --config " + key + "=..."));
            return;
        }
        values.put(key, new ConfigValue(key, value, layer, map.value(pointer).toString()));
    }
}
