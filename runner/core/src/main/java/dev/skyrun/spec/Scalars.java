package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Plain scalars as SkyPilot's YAML loader (YAML 1.1) reads them, as JSON values: {@code yes/no/on/off} are
 * booleans, {@code 010} is octal 8, {@code 1:30} is 90, {@code 1e-6} (no dot) stays text. Quoted scalars are
 * text; explicit plain tags ({@code !!str}, {@code !!int}, ...) are honoured.
 */
final class Scalars {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern TRUE = Pattern.compile("yes|Yes|YES|true|True|TRUE|on|On|ON");
    private static final Pattern INT = Pattern.compile("[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)"
            + "|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
            + "|\\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
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
                .orElseGet(() -> e.isPlain() ? yaml11(value) : Tag.STR.getValue());
        try {
            if (tag.equals(Tag.NULL.getValue())) {
                return JSON.nullNode();
            }
            if (tag.equals(Tag.BOOL.getValue())) {
                return JSON.booleanNode(TRUE.matcher(value).matches() || value.equalsIgnoreCase("true"));
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

    /** The tag YAML 1.1 (PyYAML's safe loader) gives a plain scalar. */
    static String yaml11(String value) {
        if (NULL.matcher(value).matches()) {
            return Tag.NULL.getValue();
        }
        if (BOOL.matcher(value).matches()) {
            return Tag.BOOL.getValue();
        }
        if (INT.matcher(value).matches()) {
            return Tag.INT.getValue();
        }
        return FLOAT.matcher(value).matches() ? Tag.FLOAT.getValue() : Tag.STR.getValue();
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
        } else if (t.startsWith("0b")) {
            v = new BigInteger(t.substring(2), 2);
        } else if (t.contains(":")) {
            v = BigInteger.ZERO;
            for (String part : t.split(":")) {
                v = v.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
            }
        } else if (t.length() > 1 && t.startsWith("0")) {
            v = new BigInteger(t.substring(1), 8); // YAML 1.1: 010 is octal
        } else {
            v = new BigInteger(t);
        }
        v = sign < 0 ? v.negate() : v;
        return v.bitLength() < 64 ? JSON.numberNode(v.longValue()) : JSON.numberNode(v);
    }

    private static double floating(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT).replace("_", "");
        if (t.contains(":") && !t.contains("inf") && !t.contains("nan")) {
            double sign = t.startsWith("-") ? -1 : 1;
            double v = 0;
            for (String part : t.replaceFirst("^[-+]", "").split(":")) {
                v = v * 60 + Double.parseDouble(part);
            }
            return sign * v;
        }
        return switch (t) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }
}
