package dev.skyrun.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serial;

/**
 * Reads skyrun's own JSON Schema files (trusted, shipped in the jar) into Jackson trees
 * without starting Jackson's {@code ObjectMapper} (a mapper costs ~75 ms per process) or a YAML
 * parser: a small recursive-descent JSON reader, a few milliseconds on a cold JVM.
 *
 * <p>Strings in {@code enum} arrays print themselves as JSON ({@link #toString}) because the
 * validator renders enum values when it compiles the schema; Jackson's own {@code toString}
 * would build a mapper for that.
 */
final class SchemaDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String text;
    private final String name;
    private int pos;

    private SchemaDocuments(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** The JSON document {@code text} (the schema file {@code name}) as a tree; integers are longs, other numbers doubles. */
    static JsonNode parse(String text, String name) {
        SchemaDocuments reader = new SchemaDocuments(text, name);
        JsonNode root = reader.value(false);
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("text after the document");
        }
        return root;
    }

    private JsonNode value(boolean inEnum) {
        skipSpace();
        char c = peek();
        if (c == '{') {
            ObjectNode obj = JSON.objectNode();
            pos++;
            if (!next('}')) {
                do {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    obj.set(key, value("enum".equals(key)));
                    skipSpace();
                } while (next(','));
                expect('}');
            }
            return obj;
        }
        if (c == '[') {
            ArrayNode arr = JSON.arrayNode();
            pos++;
            if (!next(']')) {
                do {
                    arr.add(value(inEnum));
                    skipSpace();
                } while (next(','));
                expect(']');
            }
            return arr;
        }
        if (c == '"') {
            String v = string();
            return inEnum ? new JsonText(v) : JSON.textNode(v);
        }
        if (text.startsWith("true", pos) || text.startsWith("false", pos) || text.startsWith("null", pos)) {
            JsonNode literal = c == 't' ? JSON.booleanNode(true) : c == 'f' ? JSON.booleanNode(false) : JSON.nullNode();
            pos += c == 'f' ? 5 : 4;
            return literal;
        }
        return number();
    }

    private JsonNode number() {
        int start = pos;
        boolean integral = true;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            integral &= Character.isDigit(text.charAt(pos)) || (pos == start && text.charAt(pos) == '-');
            pos++;
        }
        if (pos == start) {
            throw error("a value");
        }
        String n = text.substring(start, pos);
        return integral ? JSON.numberNode(Long.parseLong(n)) : JSON.numberNode(Double.parseDouble(n));
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(text.substring(pos, Math.min(pos + 4, text.length())), 16));
                    pos += 4;
                }
                default -> b.append(e); // " \\ /
            }
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("more text");
        }
        return text.charAt(pos);
    }

    private boolean next(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!next(c)) {
            throw error("'" + c + "'");
        }
    }

    private IllegalStateException error(String wanted) {
        return new IllegalStateException("schema " + name + ": expected " + wanted + " at offset " + pos);
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
