package dev.skyrun.manifest;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The gates file {@code skyrun fuse --gates} reads: gates per site (stage), and optionally the
 * release the fuse makes.
 *
 * <pre>{@code
 * release: {name: federated, version: 1.4.0}
 * gates:
 *   textgen-lora:
 *     - {name: quality, metric: eval_accuracy, min: 0.82, vs_baseline: no_worse, tolerance: 0.005}
 *     - {name: compat,  contract: contracts/fusion-api.json}
 *   embedder:
 *     - {name: recall, metric: recall_at_10, min: 0.9}
 * }</pre>
 *
 * @param release the release named in the file, if any
 * @param gates site (stage) name to its gates, in file order
 */
public record GatesFile(Optional<ReleaseId> release, Map<String, List<GateSpec>> gates) {

    private static final Set<String> GATE_KEYS = Set.of("name", "metric", "min", "max", "vs_baseline", "tolerance", "contract");

    public GatesFile {
        java.util.Objects.requireNonNull(release, "release");
        gates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gates));
    }

    /** The gates of a pipeline spec's stages, and its release: fuse judges sites as the pipeline judges stages. */
    public static GatesFile of(dev.skyrun.spec.PipelineSpec pipeline) {
        Map<String, List<GateSpec>> gates = new LinkedHashMap<>();
        pipeline.stages().forEach(s -> gates.put(s.name(), s.task().gates()));
        Optional<ReleaseId> release = pipeline.release().flatMap(r -> r.version().map(v -> new ReleaseId(r.name(), v)));
        return new GatesFile(release, gates);
    }

    /** Reads a gates file; every problem is reported with its file:line:col. */
    public static GatesFile read(Path file) throws IOException {
        String text = Files.readString(file);
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).setMaxAliasesForCollections(20).build())
                    .composeString(text).orElse(null);
        } catch (YamlEngineException e) {
            throw new InvalidInputException(Problem.of(Location.of(file), "not valid YAML: " + e.getMessage()));
        }
        List<Problem> problems = new ArrayList<>();
        Reader r = new Reader(file, problems);
        GatesFile parsed = r.file(root);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return parsed;
    }

    private record Reader(Path file, List<Problem> problems) {

        GatesFile file(Node root) {
            if (!(root instanceof MappingNode map)) {
                problems.add(Problem.of(at(root), "a gates file is a mapping with a 'gates:' key", "see skyrun fuse --help"));
                return new GatesFile(Optional.empty(), Map.of());
            }
            Optional<ReleaseId> release = Optional.empty();
            Map<String, List<GateSpec>> gates = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode());
                if ("release".equals(key)) {
                    release = release(t.getValueNode());
                } else if ("gates".equals(key) && t.getValueNode() instanceof MappingNode sites) {
                    sites.getValue().forEach(s -> gates.put(scalar(s.getKeyNode()), list(s.getValueNode())));
                } else {
                    problems.add(Problem.of(at(t.getKeyNode()), "unexpected '" + key + "'",
                            "a gates file has 'release:' and 'gates:' (a mapping of site to a list of gates)"));
                }
            }
            return new GatesFile(release, gates);
        }

        Optional<ReleaseId> release(Node node) {
            Map<String, Node> fields = fields(node, Set.of("name", "version"));
            try {
                return Optional.of(new ReleaseId(text(fields.get("name")), text(fields.get("version"))));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(at(node), e.getMessage(), "write release: {name: NAME, version: 1.0.0}"));
                return Optional.empty();
            }
        }

        List<GateSpec> list(Node node) {
            if (!(node instanceof SequenceNode seq)) {
                problems.add(Problem.of(at(node), "a site's gates are a list", "write - {name: ..., metric: ..., min: ...}"));
                return List.of();
            }
            List<GateSpec> out = new ArrayList<>();
            seq.getValue().forEach(g -> gate(g).ifPresent(out::add));
            return out;
        }

        Optional<GateSpec> gate(Node node) {
            Map<String, Node> f = fields(node, GATE_KEYS);
            if (!f.containsKey("name") || f.containsKey("metric") == f.containsKey("contract")) {
                problems.add(Problem.of(at(node), "a gate needs a name and exactly one of metric or contract",
                        "e.g. {name: quality, metric: eval_accuracy, min: 0.82}"));
                return Optional.empty();
            }
            Optional<BaselineRule> rule = Optional.ofNullable(f.get("vs_baseline")).flatMap(this::rule);
            return Optional.of(new GateSpec(text(f.get("name")), opt(f, "metric"), num(f, "min"), num(f, "max"),
                    rule, num(f, "tolerance"), opt(f, "contract")));
        }

        Optional<BaselineRule> rule(Node n) {
            String v = text(n);
            if (v.equals("no_worse") || v.equals("better")) {
                return Optional.of(BaselineRule.valueOf(v.toUpperCase(Locale.ROOT)));
            }
            problems.add(Problem.of(at(n), "vs_baseline '" + v + "' is not no_worse or better"));
            return Optional.empty();
        }

        Map<String, Node> fields(Node node, Set<String> allowed) {
            Map<String, Node> out = new LinkedHashMap<>();
            if (!(node instanceof MappingNode map)) {
                problems.add(Problem.of(at(node), "expected a mapping"));
                return out;
            }
            for (NodeTuple t : map.getValue()) {
                String k = scalar(t.getKeyNode());
                if (!allowed.contains(k)) {
                    problems.add(Problem.of(at(t.getKeyNode()), "unknown key '" + k + "'", "allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))));
                }
                out.put(k, t.getValueNode());
            }
            return out;
        }

        Optional<String> opt(Map<String, Node> f, String key) {
            return Optional.ofNullable(f.get(key)).map(this::text);
        }

        Optional<Double> num(Map<String, Node> f, String key) {
            Node n = f.get(key);
            if (n == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Double.parseDouble(text(n)));
            } catch (NumberFormatException e) {
                problems.add(Problem.of(at(n), key + " must be a number, got '" + text(n) + "'"));
                return Optional.empty();
            }
        }

        String text(Node n) {
            return n == null ? "" : scalar(n);
        }

        String scalar(Node n) {
            if (n instanceof ScalarNode s) {
                return s.getValue();
            }
            problems.add(Problem.of(at(n), "expected a single value"));
            return "";
        }

        Location at(Node n) {
            return n == null ? Location.of(file) : n.getStartMark()
                    .map(m -> Location.of(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Location.of(file));
        }
    }
}
