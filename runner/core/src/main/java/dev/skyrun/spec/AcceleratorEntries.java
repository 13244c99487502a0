package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.catalog.AcceleratorText;
import dev.skyrun.schema.SourceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accelerator forms SkyPilot documents, flattened to one entry per choice for the reader and the
 * checks alike:
 *
 * <pre>{@code
 * accelerators: A100:8                      # one
 * accelerators: [A100:8, H100:8]            # ordered (a one-item list is one)
 * accelerators: [{T4: 1}, 'V100:2', {L4: }] # ordered, items as text or one-entry mappings
 * accelerators: {A100: 8, H100: 8}          # any, cheapest first
 * accelerators: {'A100:1', 'T4:1'}          # a YAML set: keys written NAME:COUNT, no values; any
 * }</pre>
 *
 * A count given as a mapping value wins over one written in the key; a null value means 1.
 */
final class AcceleratorEntries {

    /**
     * One choice as written.
     *
     * @param written name and count text
     * @param pointer JSON pointer of the node that names it
     * @param atKey whether the name is a mapping key (locations point at the key)
     */
    record Entry(AcceleratorText written, String pointer, boolean atKey) {}

    private AcceleratorEntries() {}

    /** The resources block's accelerator node: {@code accelerators}, or its alias {@code gpus}. */
    static JsonNode node(JsonNode resources) {
        return resources.has("accelerators") ? resources.path("accelerators") : resources.path("gpus");
    }

    /** The field name {@link #node} read. */
    static String field(JsonNode resources) {
        return resources.has("accelerators") || !resources.has("gpus") ? "accelerators" : "gpus";
    }

    /** Every choice of {@code a} (found at {@code pointer}), in the order written. */
    static List<Entry> of(JsonNode a, String pointer) {
        List<Entry> out = new ArrayList<>();
        if (a.isTextual()) {
            out.add(new Entry(AcceleratorText.parse(a.asText()), pointer, false));
        } else if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                String p = SourceMap.child(pointer, i);
                if (a.get(i).isObject()) {
                    mapping(a.get(i), p, out);
                } else {
                    out.add(new Entry(AcceleratorText.parse(a.get(i).asText()), p, false));
                }
            }
        } else if (a.isObject()) {
            mapping(a, pointer, out);
        }
        return out;
    }

    /** How the choices of {@code a} relate. */
    static Accelerators.Preference preference(JsonNode a, int choices) {
        if (choices <= 1) {
            return Accelerators.Preference.ONE;
        }
        return a.isArray() ? Accelerators.Preference.ORDERED : Accelerators.Preference.ANY;
    }

    private static void mapping(JsonNode m, String pointer, List<Entry> out) {
        m.properties().forEach(e -> {
            AcceleratorText key = AcceleratorText.parse(e.getKey());
            JsonNode v = e.getValue();
            AcceleratorText written = v.isNull() || v.isMissingNode() ? key
                    : new AcceleratorText(key.name(), Optional.of(v.asText()));
            out.add(new Entry(written, SourceMap.child(pointer, e.getKey()), true));
        });
    }
}
