package dev.skyrun.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON: the same tree always gives the same bytes, so a manifest's sha256 is
 * reproducible.
 *
 * <p>The form: UTF-8; object keys sorted by their UTF-16 code units (Java's {@code String}
 * order); two-space indentation, one member per line, a final newline; strings escape only
 * {@code "}, {@code \} and control characters ({@code \n \r \t \b \f}, else {@code \\u} and four hex digits);
 * integers (and doubles with an integral value below 1e15) without a fraction; other numbers
 * in Java's shortest round-trip form with a lowercase exponent ({@code 0.825}, {@code 1.5e-7}).
 * NaN and infinities are refused.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private CanonicalJson() {}

    /** The mapper for building and parsing trees (not for writing them). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The canonical bytes of a tree. */
    public static byte[] bytes(JsonNode node) {
        StringBuilder sb = new StringBuilder(4096);
        write(node, sb, 0);
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses JSON bytes into a tree; a syntax error becomes an {@link InvalidInputException}. */
    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static void write(JsonNode node, StringBuilder sb, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, sb, depth);
            case ARRAY -> writeArray(node, sb, depth);
            case STRING -> string(node.textValue(), sb);
            case NUMBER -> sb.append(number(node));
            case BOOLEAN -> sb.append(node.booleanValue());
            case NULL -> sb.append("null");
            default -> throw new UncheckedIOException(new IOException("cannot write a " + node.getNodeType() + " node"));
        }
    }

    private static void writeObject(JsonNode node, StringBuilder sb, int depth) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        if (keys.isEmpty()) {
            sb.append("{}");
            return;
        }
        keys.sort(null);
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
            newline(sb, depth + 1);
            string(keys.get(i), sb);
            sb.append(": ");
            write(node.get(keys.get(i)), sb, depth + 1);
            if (i < keys.size() - 1) {
                sb.append(',');
            }
        }
        newline(sb, depth);
        sb.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder sb, int depth) {
        if (node.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
            newline(sb, depth + 1);
            write(node.get(i), sb, depth + 1);
            if (i < node.size() - 1) {
                sb.append(',');
            }
        }
        newline(sb, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    /** A number in canonical form. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return number(node.doubleValue());
    }

    /** A double in canonical form. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new InvalidInputException("JSON has no " + d + "; a manifest number must be finite");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = new BigDecimal(s.substring(0, e)).stripTrailingZeros().toPlainString();
        return mantissa + "e" + s.substring(e + 1);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
