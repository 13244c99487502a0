package dev.skyrun.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Removes secret values from spec text before it is recorded anywhere.
 *
 * <p>Two passes: every non-null value under a {@code secrets:} mapping (at any depth, in every
 * YAML document) is replaced by {@value #REDACTED}, keeping the key so the spec still names the
 * secret; then every occurrence of a secret value the run was given (from the environment or
 * {@code --secret}) is replaced anywhere in the text. Everything else is kept byte for byte.
 */
public final class SecretRedactor {

    /** What a removed value reads as. */
    public static final String REDACTED = "'<redacted>'";

    private SecretRedactor() {}

    /**
     * The text with secrets removed.
     *
     * @param yaml spec text
     * @param knownValues secret values in use (blank ones are ignored)
     */
    public static String redact(String yaml, Collection<String> knownValues) {
        List<int[]> ranges = new ArrayList<>();
        LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(50).build();
        for (Node doc : new Compose(settings).composeAllFromString(yaml)) {
            collect(doc, ranges, 0);
        }
        ranges.sort(Comparator.comparingInt((int[] r) -> r[0]).reversed());
        StringBuilder sb = new StringBuilder(yaml);
        int lastStart = Integer.MAX_VALUE;
        for (int[] r : ranges) {
            int start = yaml.offsetByCodePoints(0, r[0]);
            int end = yaml.offsetByCodePoints(0, r[1]);
            if (end <= lastStart) {
                sb.replace(start, end, REDACTED);
                lastStart = start;
            }
        }
        String out = sb.toString();
        for (String v : knownValues) {
            if (v != null && !v.isBlank()) {
                out = out.replace(v, "<redacted>");
            }
        }
        return out;
    }

    private static void collect(Node node, List<int[]> ranges, int depth) {
        if (depth > 64) {
            return;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && "secrets".equals(key.getValue())
                        && t.getValueNode() instanceof MappingNode secrets) {
                    secrets.getValue().forEach(s -> valueRange(s.getValueNode(), ranges));
                } else {
                    collect(t.getValueNode(), ranges, depth + 1);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> collect(n, ranges, depth + 1));
        }
    }

    private static void valueRange(Node value, List<int[]> ranges) {
        if (value instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty())) {
            return;
        }
        int start = value.getStartMark().map(Mark::getIndex).orElse(-1);
        int end = value.getEndMark().map(Mark::getIndex).orElse(-1);
        if (start >= 0 && end > start) {
            ranges.add(new int[] {start, end});
        }
    }
}
