package dev.skyrun.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serial;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads skyrun's own JSON Schema files (trusted, shipped in the jar) into Jackson trees
 * without starting Jackson's {@code ObjectMapper}: JSON is YAML, so the YAML parser that is
 * loaded anyway reads them. Startup matters: a mapper costs ~75 ms per process.
 *
 * <p>Strings in {@code enum} arrays print themselves as JSON ({@link #toString}) because the
 * validator renders enum values when it compiles the schema; Jackson's own {@code toString}
 * would build a mapper for that.
 */
final class SchemaDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaDocuments() {}

    static JsonNode parse(String text, String name) {
        LoadSettings settings = LoadSettings.builder().setLabel(name).build();
        Node root = new Compose(settings).composeString(text)
                .orElseThrow(() -> new IllegalStateException("schema " + name + " is empty"));
        return convert(root, false);
    }

    private static JsonNode convert(Node node, boolean inEnum) {
        if (node instanceof MappingNode m) {
            ObjectNode obj = JSON.objectNode();
            for (NodeTuple t : m.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                obj.set(key, convert(t.getValueNode(), "enum".equals(key)));
            }
            return obj;
        }
        if (node instanceof SequenceNode s) {
            ArrayNode arr = JSON.arrayNode();
            s.getValue().forEach(n -> arr.add(convert(n, inEnum)));
            return arr;
        }
        ScalarNode sc = (ScalarNode) node;
        Tag tag = sc.getTag();
        String v = sc.getValue();
        if (Tag.STR.equals(tag)) {
            return inEnum ? new JsonText(v) : JSON.textNode(v);
        }
        if (Tag.INT.equals(tag)) {
            return JSON.numberNode(Long.parseLong(v));
        }
        if (Tag.FLOAT.equals(tag)) {
            return JSON.numberNode(Double.parseDouble(v));
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(Boolean.parseBoolean(v));
        }
        return JSON.nullNode();
    }

    /** A text node that prints as a JSON string literal without Jackson's mapper. */
    static final class JsonText extends TextNode {
        @Serial
        private static final long serialVersionUID = 1L;

        JsonText(String v) {
            super(v);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("\"");
            for (char c : textValue().toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return b.append('"').toString();
        }
    }
}
