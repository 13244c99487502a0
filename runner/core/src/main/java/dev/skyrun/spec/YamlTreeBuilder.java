package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Builds JSON trees with a {@link SourceMap} from YAML parser events, without recursion (so
 * depth is checked, not overflowed). Collects duplicate keys and refused tags as problems;
 * stops at once when depth or alias expansion goes past the limits.
 */
final class YamlTreeBuilder {

    private static final String MERGE_KEY = "<<";

    private final String file;
    private final YamlLimits limits;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final List<YamlDocument> documents = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private SourceMap sourceMap;
    private JsonNode root;
    private Location docStart;
    private int nodes;
    private int aliasNodes;

    YamlTreeBuilder(String file, YamlLimits limits) {
        this.file = file;
        this.limits = limits;
    }

    /** The documents read; throws if any problem was collected. */
    List<YamlDocument> documents() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return List.copyOf(documents);
    }

    void accept(Event event) {
        switch (event.getEventId()) {
            case DocumentStart -> startDocument(event);
            case DocumentEnd -> documents.add(new YamlDocument(
                    root == null ? JsonNodeFactory.instance.nullNode() : root, sourceMap, docStart));
            case Scalar -> scalar((ScalarEvent) event);
            case MappingStart, SequenceStart -> startCollection((CollectionStartEvent) event);
            case MappingEnd, SequenceEnd -> endCollection();
            case Alias -> alias((AliasEvent) event);
            default -> { }
        }
    }

    private void startDocument(Event event) {
        sourceMap = new SourceMap(file);
        root = null;
        anchors.clear();
        docStart = at(event.getStartMark());
    }

    private void scalar(ScalarEvent e) {
        checkTag(e.getTag(), e);
        if (expectingKey()) {
            key(e.getValue(), at(e.getStartMark()));
            return;
        }
        JsonNode node = Scalars.toNode(e);
        count(e, 1);
        attach(node, e);
        e.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Anchored(node, 1)));
    }

    private void startCollection(CollectionStartEvent e) {
        checkTag(e.getTag(), e);
        if (expectingKey()) {
            throw stop(e, "a mapping key must be a plain value, not a list or mapping", "write the key as text");
        }
        if (stack.size() >= limits.maxDepth()) {
            throw stop(e, "the YAML nests deeper than " + limits.maxDepth() + " levels",
                    "a spec needs only a few levels; flatten it");
        }
        JsonNode node = e.getEventId() == Event.ID.MappingStart
                ? JsonNodeFactory.instance.objectNode() : JsonNodeFactory.instance.arrayNode();
        count(e, 1);
        String pointer = attach(node, e);
        stack.push(new Frame(node, pointer, nodes, e.getAnchor()));
    }

    /** Counts {@code n} more values, stopping past {@link YamlLimits#maxNodes} (before the tree outgrows memory). */
    private void count(Event e, int n) {
        nodes += n;
        if (nodes > limits.maxNodes()) {
            throw stop(e, String.format("the YAML holds more than %,d values", limits.maxNodes()),
                    "a spec needs a few hundred; keep data (lists of files, tables) in files the job reads");
        }
    }

    private void endCollection() {
        Frame f = stack.pop();
        f.applyMerges();
        f.anchor.ifPresent(a -> anchors.put(a.getValue(), new Anchored(f.node, nodes - f.firstNode + 1)));
    }

    private void alias(AliasEvent e) {
        String name = e.getAlias().getValue();
        Anchored target = anchors.get(name);
        if (target == null) {
            throw stop(e, "alias *" + name + " names no anchor defined before it", "define &" + name + " first");
        }
        aliasNodes += target.size;
        count(e, target.size);
        if (aliasNodes > limits.maxAliasNodes()) {
            throw stop(e, "aliases expand to more than " + limits.maxAliasNodes() + " nodes",
                    "a spec with exponential aliases (a 'billion laughs' file) is refused");
        }
        if (expectingKey()) {
            if (!target.node.isValueNode()) {
                throw stop(e, "a mapping key must be a plain value", "write the key as text");
            }
            key(target.node.asText(), at(e.getStartMark()));
            return;
        }
        attach(target.node, e);
    }

    private boolean expectingKey() {
        Frame top = stack.peek();
        return top != null && top.node.isObject() && top.pendingKey == null;
    }

    private void key(String name, Location where) {
        Frame top = stack.peek();
        if (name == null) {
            name = "";
        }
        Location first = top.keyLines.get(name);
        if (first != null && !MERGE_KEY.equals(name)) {
            problems.add(Problem.of(where, "duplicate key '" + name + "' at line " + where.line()
                    + ", first defined at line " + first.line(), "keep one of the two"));
        } else {
            top.keyLines.put(name, where);
        }
        top.pendingKey = name;
        if (!MERGE_KEY.equals(name)) {
            sourceMap.putKey(SourceMap.child(top.pointer, name), where);
        }
    }

    /** Puts {@code node} where the parser is (document root, mapping value or list element). */
    private String attach(JsonNode node, NodeEvent e) {
        Location where = at(e.getStartMark());
        Frame top = stack.peek();
        String pointer;
        if (top == null) {
            root = node;
            pointer = "";
        } else if (top.node instanceof ObjectNode obj) {
            String k = top.pendingKey;
            top.pendingKey = null;
            if (MERGE_KEY.equals(k)) {
                top.merges.add(node);
                return top.pointer;
            }
            obj.set(k, node);
            pointer = SourceMap.child(top.pointer, k);
        } else {
            ArrayNode arr = (ArrayNode) top.node;
            pointer = SourceMap.child(top.pointer, arr.size());
            arr.add(node);
        }
        sourceMap.putValue(pointer, where);
        return pointer;
    }

    private void checkTag(Optional<String> tag, Event e) {
        if (tag.isPresent() && !Scalars.isPlainTag(tag.get())) {
            problems.add(Problem.of(at(e.getStartMark()), "tag " + tag.get().replace("tag:yaml.org,2002:", "!!") + " is not allowed",
                    "skyrun reads plain YAML only (strings, numbers, booleans, lists, mappings); remove the tag"));
        }
    }

    private InvalidInputException stop(Event e, String message, String hint) {
        List<Problem> all = new ArrayList<>(problems);
        all.add(Problem.of(at(e.getStartMark()), message, hint));
        return new InvalidInputException(all);
    }

    private Location at(Optional<Mark> mark) {
        return mark.map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Location(file, 0, 0));
    }

    /** An open mapping or sequence. */
    private static final class Frame {
        final JsonNode node;
        final String pointer;
        final int firstNode;
        final Optional<Anchor> anchor;
        final Map<String, Location> keyLines = new HashMap<>();
        final List<JsonNode> merges = new ArrayList<>();
        String pendingKey;

        Frame(JsonNode node, String pointer, int firstNode, Optional<Anchor> anchor) {
            this.node = node;
            this.pointer = pointer;
            this.firstNode = firstNode;
            this.anchor = anchor;
        }

        /** {@code <<: *base}: the base's entries, where this mapping does not set them itself. */
        void applyMerges() {
            for (JsonNode m : merges) {
                List<JsonNode> sources = m.isArray() ? iterable(m) : List.of(m);
                for (JsonNode s : sources) {
                    s.properties().forEach(en -> {
                        if (!node.has(en.getKey())) {
                            ((ObjectNode) node).set(en.getKey(), en.getValue());
                        }
                    });
                }
            }
        }

        private static List<JsonNode> iterable(JsonNode arr) {
            List<JsonNode> out = new ArrayList<>();
            arr.forEach(out::add);
            return out;
        }
    }

    private record Anchored(JsonNode node, int size) {}
}
