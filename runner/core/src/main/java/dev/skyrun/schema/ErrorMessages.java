package dev.skyrun.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a networknt validation error into a {@link Problem} at the offending key (unknown or
 * missing keys) or value (wrong type, enum, pattern), in the user's terms, with a hint.
 */
final class ErrorMessages {

    private ErrorMessages() {}

    static Problem problem(Error e, String pointer, SourceMap map, SchemaValidator v) {
        JsonNode schema = v.schemaNode(e.getSchemaLocation(), 1);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        return switch (keyword) {
            case "additionalProperties" -> unknownKey(e.getProperty(), pointer, map, schema);
            case "required" -> Problem.of(map.key(pointer),
                    "missing required key '" + e.getProperty() + "'" + in(pointer),
                    schema.path("properties").path(e.getProperty()).path("description").asText(""));
            case "type" -> Problem.of(map.value(pointer),
                    name(pointer) + " must be " + expected(e) + ", not " + found(e),
                    schema.path("description").asText(""));
            case "enum", "const" -> badValue(e, pointer, map, v);
            case "propertyNames" -> badKey(e, pointer, map, v);
            case "pattern" -> Problem.of(map.value(pointer),
                    name(pointer) + " '" + text(e.getInstanceNode()) + "' is not in the expected form",
                    schema.path("description").asText(""));
            default -> Problem.of(map.value(pointer), name(pointer) + " " + strip(e.getMessage()),
                    schema.path("description").asText(""));
        };
    }

    private static Problem unknownKey(String key, String pointer, SourceMap map, JsonNode schema) {
        List<String> known = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(known::add);
        String hint = Suggestions.hint(key, known).orElseGet(() -> underResources(key, pointer, schema)
                .orElse(known.isEmpty() ? "" : "known keys: " + String.join(", ", known)));
        return Problem.of(map.key(SourceMap.child(pointer, key)), "unknown key '" + key + "'" + in(pointer), hint);
    }

    /** A hardware key written at the top level ({@code gpus: L4:1}): it belongs under {@code resources:}. */
    private static java.util.Optional<String> underResources(String key, String pointer, JsonNode schema) {
        if (!pointer.isEmpty() || !schema.path("$defs").path("resources").path("properties").has(key)) {
            return java.util.Optional.empty();
        }
        String alias = "gpus".equals(key) ? " (or its usual name, resources.accelerators)" : "";
        return java.util.Optional.of("it belongs under resources: write resources." + key + alias);
    }

    /** A key that breaks its object's name rule ({@code propertyNames}), reported at the key. */
    private static Problem badKey(Error e, String pointer, SourceMap map, SchemaValidator v) {
        Object[] args = e.getArguments();
        String key = e.getProperty() != null ? e.getProperty()
                : args != null && args.length > 0 ? String.valueOf(args[0]) : "";
        JsonNode rule = v.schemaNode(e.getSchemaLocation(), 0);
        if (rule.has("$ref")) {
            rule = v.resolve(e.getSchemaLocation(), rule.path("$ref").asText());
        }
        return Problem.of(map.key(SourceMap.child(pointer, key)), "key '" + key + "'" + in(pointer)
                + " is not a valid name", rule.path("description").asText(""));
    }

    private static Problem badValue(Error e, String pointer, SourceMap map, SchemaValidator v) {
        JsonNode allowed = v.schemaNode(e.getSchemaLocation(), 0);
        List<String> values = new ArrayList<>();
        if (allowed.isArray()) {
            allowed.forEach(a -> values.add(a.asText()));
        } else if (!allowed.isMissingNode()) {
            values.add(allowed.asText());
        }
        List<String> shown = values.stream().filter(s -> !s.equals(s.toLowerCase(java.util.Locale.ROOT))
                || values.stream().noneMatch(o -> !o.equals(s) && o.equalsIgnoreCase(s))).toList();
        String value = text(e.getInstanceNode());
        String hint = Suggestions.hint(value, shown).orElse("use one of: " + String.join(", ", shown));
        return Problem.of(map.value(pointer), name(pointer) + " '" + value + "' is not one of "
                + String.join(", ", shown), hint);
    }

    private static String expected(Error e) {
        Object[] args = e.getArguments();
        String s = args != null && args.length > 1 ? String.valueOf(args[1]) : "another type";
        List<String> names = new ArrayList<>();
        for (String t : s.replace("[", "").replace("]", "").split(",\\s*")) {
            names.add(typeName(t.strip()));
        }
        return String.join(" or ", names);
    }

    private static String found(Error e) {
        Object[] args = e.getArguments();
        return typeName(args != null && args.length > 0 ? String.valueOf(args[0]) : "this");
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "null" -> "empty";
            default -> jsonType;
        };
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.isValueNode() ? node.asText() : node.toString();
    }

    private static String strip(String message) {
        return message == null ? "is invalid" : message.replaceFirst("^\\$[^:]*: ", "");
    }

    /** {@code " in resources"}, or nothing at the top level. */
    private static String in(String pointer) {
        return pointer.isEmpty() ? "" : " in " + path(pointer);
    }

    /** {@code 'resources.cpus'}: the dotted path of the offending value. */
    private static String name(String pointer) {
        return pointer.isEmpty() ? "the document" : "'" + path(pointer) + "'";
    }

    /** {@code /stages/0/task/run} as {@code stages[0].task.run}. */
    static String path(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String p = part.replace("~1", "/").replace("~0", "~");
            if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                out.append('[').append(p).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(p);
            }
        }
        return out.toString();
    }
}
