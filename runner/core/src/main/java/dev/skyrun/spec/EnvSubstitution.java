package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SkyPilot's substitution of {@code $VAR} and {@code ${VAR}} in {@code file_mounts} (destinations, sources, store
 * names and kinds) and {@code workdir}, from the task's {@code envs} (over them {@code --env}) and the defaults of
 * its {@code secrets}. A name that is not defined is left as written.
 *
 * <pre>{@code
 * envs: {BUCKET: my-ckpts}
 * file_mounts: {/ckpt: {name: $BUCKET, mode: MOUNT}}     # the store named my-ckpts
 * }</pre>
 */
final class EnvSubstitution {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private EnvSubstitution() {}

    /** The values substitution reads: secrets' defaults, the task's envs, then {@code overrides} over them. */
    static Map<String, String> values(JsonNode task, Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : List.of("secrets", "envs")) {
            task.path(field).properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    out.put(e.getKey(), SpecReader.envText(e.getValue()));
                }
            });
        }
        out.putAll(overrides);
        return out;
    }

    /** Substitutes in {@code task}'s {@code file_mounts} and {@code workdir}, in place. */
    static void apply(JsonNode task, Map<String, String> values) {
        if (!(task instanceof ObjectNode t) || values.isEmpty()) {
            return;
        }
        if (t.path("workdir").isTextual()) {
            t.set("workdir", text(t.path("workdir"), values));
        } else if (t.path("workdir").isObject()) {
            substituteFields((ObjectNode) t.path("workdir"), values);
        }
        if (t.path("file_mounts") instanceof ObjectNode mounts) {
            ObjectNode out = mounts.objectNode();
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(mounts.properties())) {
                JsonNode v = e.getValue();
                if (v instanceof ObjectNode store) {
                    substituteFields(store, values);
                } else if (v.isTextual()) {
                    v = text(v, values);
                }
                out.set(substitute(e.getKey(), values), v);
            }
            t.set("file_mounts", out);
        }
    }

    private static void substituteFields(ObjectNode o, Map<String, String> values) {
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
            if (e.getValue().isTextual()) {
                o.set(e.getKey(), text(e.getValue(), values));
            } else if (e.getValue().isArray()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    if (e.getValue().get(i).isTextual()) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) e.getValue()).set(i, text(e.getValue().get(i), values));
                    }
                }
            }
        }
    }

    private static JsonNode text(JsonNode node, Map<String, String> values) {
        return TextNode.valueOf(substitute(node.asText(), values));
    }

    /** {@code text} with each defined {@code $VAR}/{@code ${VAR}} replaced by its value. */
    static String substitute(String text, Map<String, String> values) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1) != null ? m.group(1) : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
