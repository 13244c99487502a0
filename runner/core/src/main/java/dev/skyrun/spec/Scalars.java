package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Set;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/** YAML 1.2 core-schema scalars as JSON values: null, booleans, integers, floats, strings. */
final class Scalars {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ScalarResolver RESOLVER = new CoreScalarResolver(false);
    private static final Set<String> PLAIN_TAGS = Set.of("!", Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.MAP.getValue(), Tag.SEQ.getValue());

    private Scalars() {}

    /** Whether an explicit tag only names one of the plain YAML types. */
    static boolean isPlainTag(String tag) {
        return PLAIN_TAGS.contains(tag);
    }

    /** The JSON value of a scalar event, resolved as YAML 1.2's core schema says. */
    static JsonNode toNode(ScalarEvent e) {
        String value = e.getValue();
        String tag = e.getTag().filter(Scalars::isPlainTag).filter(t -> !"!".equals(t))
                .orElseGet(() -> e.isPlain() ? RESOLVER.resolve(value, true).getValue() : Tag.STR.getValue());
        try {
            if (tag.equals(Tag.NULL.getValue())) {
                return JSON.nullNode();
            }
            if (tag.equals(Tag.BOOL.getValue())) {
                return JSON.booleanNode(value.equalsIgnoreCase("true"));
            }
            if (tag.equals(Tag.INT.getValue())) {
                return integer(value);
            }
            if (tag.equals(Tag.FLOAT.getValue())) {
                return JSON.numberNode(floating(value));
            }
        } catch (NumberFormatException ignored) {
            // an explicit !!int on text: keep the text, the schema reports the type
        }
        return JSON.textNode(value);
    }

    private static JsonNode integer(String text) {
        String t = text.replace("_", "");
        int sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        BigInteger v;
        if (t.startsWith("0x")) {
            v = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            v = new BigInteger(t.substring(2), 8);
        } else {
            v = new BigInteger(t);
        }
        v = sign < 0 ? v.negate() : v;
        return v.bitLength() < 64 ? JSON.numberNode(v.longValue()) : JSON.numberNode(v);
    }

    private static double floating(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }
}
