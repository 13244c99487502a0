package dev.skyrun.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SchemaValidator;
import dev.skyrun.schema.SourceMap;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SafeYaml;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * <p>It is read like a spec: {@link SafeYaml} (size, UTF-8, duplicate keys, depth and alias
 * limits), then {@code schemas/gates.schema.json} (a gate as in a task's {@code gates:}), then
 * the checks below; every problem names FILE:LINE:COL. A pipeline spec is read as its stages'
 * gates.
 *
 * @param release the release named in the file, if any
 * @param gates site (stage) name to its gates, in file order
 */
public record GatesFile(Optional<ReleaseId> release, Map<String, List<GateSpec>> gates) {


    public GatesFile {
        Objects.requireNonNull(release, "release");
        gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
    }

    /** The gates of a pipeline spec's stages, and its release: fuse judges sites as the pipeline judges stages. */
    public static GatesFile of(PipelineSpec pipeline) {
        Map<String, List<GateSpec>> gates = new LinkedHashMap<>();
        pipeline.stages().forEach(s -> gates.put(s.name(), s.task().gates()));
        Optional<ReleaseId> release = pipeline.release().flatMap(r -> r.version().map(v -> new ReleaseId(r.name(), v)));
        return new GatesFile(release, gates);
    }

    /**
     * Reads a gates file, or a pipeline spec ({@code kind: pipeline}) as its stages' gates;
     * locations name {@code file} as given.
     *
     * @throws InvalidInputException listing every problem, each at its FILE:LINE:COL
     */
    public static GatesFile read(Path file) {
        List<YamlDocument> docs = SafeYaml.read(file, file.toString());
        YamlDocument doc = docs.get(0);
        if (docs.size() == 1 && "pipeline".equals(doc.root().path("kind").asText())) {
            return of((PipelineSpec) SpecLoader.load(file, docs, Map.of()));
        }
        if (docs.size() > 1) {
            throw new InvalidInputException(Problem.of(docs.get(1).start(), "a gates file is one YAML document",
                    "remove the '---' line; put every site under one 'gates:'"));
        }
        List<Problem> problems = new ArrayList<>(SchemaValidator.shared().validate(SchemaValidator.Kind.GATES,
                doc.root(), doc.sourceMap()));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Map<String, List<GateSpec>> gates = new LinkedHashMap<>();
        doc.root().path("gates").properties().forEach(site -> {
            checkGates(site.getValue(), doc.sourceMap(), SourceMap.child("/gates", site.getKey()), problems);
            gates.put(site.getKey(), GateSpec.readAll(site.getValue()));
        });
        Optional<ReleaseId> release = release(doc, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new GatesFile(release, gates);
    }

    /** A gate reads a metric or compares a contract, not both; names are unique per site. */
    private static void checkGates(JsonNode list, SourceMap map, String pointer, List<Problem> problems) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode g = list.get(i);
            String at = SourceMap.child(pointer, i);
            String name = g.path("name").asText();
            if (g.has("metric") == g.has("contract")) {
                problems.add(Problem.of(map.value(at), "gate '" + name + "' needs exactly one of metric or contract",
                        "e.g. {name: quality, metric: eval_accuracy, min: 0.82}"));
            }
            if (seen.contains(name)) {
                problems.add(Problem.of(map.value(SourceMap.child(at, "name")), "gate '" + name + "' is defined twice",
                        "give each gate of a site its own name"));
            }
            seen.add(name);
        }
    }

    private static Optional<ReleaseId> release(YamlDocument doc, List<Problem> problems) {
        JsonNode r = doc.root().path("release");
        if (r.isMissingNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ReleaseId(r.path("name").asText(), r.path("version").asText()));
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(doc.sourceMap().value("/release"), e.getMessage(),
                    "write release: {name: NAME, version: 1.0.0}"));
            return Optional.empty();
        }
    }
}
