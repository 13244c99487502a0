package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a spec file: safe YAML, then the JSON Schema, then the semantic checks, then the
 * records. Every problem found is reported at once as an {@link InvalidInputException}.
 *
 * <pre>{@code
 * Spec spec = SpecLoader.load(Path.of("specs/federated.yaml"));
 * if (spec instanceof PipelineSpec p) { ... }
 * }</pre>
 *
 * <p>What loads: a task ({@link TaskSpec}); {@code kind: pipeline} with stages inline or by
 * path (relative to the pipeline file); a SkyPilot multi-document chain (an optional
 * {@code name:}-only header, then tasks), which becomes a linear {@link PipelineSpec}.
 */
public final class SpecLoader {

    private SpecLoader() {}

    /** Loads {@code file}; locations name it as given. */
    public static Spec load(Path file) {
        return load(file, file.toString());
    }

    /** Loads {@code file}; locations name it {@code displayName}. */
    public static Spec load(Path file, String displayName) {
        return load(file, displayName, Map.of());
    }

    /**
     * Loads {@code file} as launched with {@code --env} {@code envOverrides}: they take part in SkyPilot's
     * {@code $VAR} substitution ({@link EnvSubstitution}) and give values to envs the file leaves empty.
     */
    public static Spec load(Path file, String displayName, Map<String, String> envOverrides) {
        return load(file, displayName, envOverrides, CatalogPlaces.forEnvironment());
    }

    /**
     * Loads {@code file} as {@link #load(Path, String, Map)} does, checking the regions and zones it pins against
     * {@code catalog}: the catalog the command plans on ({@code plan --catalog DIR} checks against DIR).
     */
    public static Spec load(Path file, String displayName, Map<String, String> envOverrides, CatalogPlaces catalog) {
        return load(file, SafeYaml.read(file, displayName), envOverrides, catalog);
    }

    /** Loads the documents {@link SafeYaml} read from {@code file} (stage files are relative to it). */
    public static Spec load(Path file, List<YamlDocument> docs, Map<String, String> envOverrides) {
        return load(file, docs, envOverrides, CatalogPlaces.forEnvironment());
    }

    /**
     * Loads the documents {@link SafeYaml} read from {@code file} as {@link #load(Path, String, Map, CatalogPlaces)}
     * does: for a command that reads the documents once for more than the spec ({@link LaunchRefusals#of}).
     */
    public static Spec load(Path file, List<YamlDocument> docs, Map<String, String> envOverrides, CatalogPlaces catalog) {
        String stem = SpecReader.nameFromFile(file.getFileName().toString());
        List<Problem> problems = new ArrayList<>();
        Spec spec;
        if (docs.size() > 1) {
            spec = chain(docs, stem, problems, envOverrides, catalog);
        } else {
            YamlDocument doc = docs.get(0);
            requireMapping(doc, problems);
            spec = "pipeline".equals(doc.root().path("kind").asText())
                    ? PipelineLoader.load(file, doc, stem, problems, catalog)
                    : task(doc, "", stem, problems, envOverrides, catalog);
            if (spec instanceof TaskSpec t) {
                runName(t, doc).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(sorted(problems));
        }
        return spec;
    }

    /** A task's name is its run's name at launch, which holds at most {@link TaskSpec#MAX_RUN_NAME} characters. */
    private static Optional<Problem> runName(TaskSpec t, YamlDocument doc) {
        String run = DnsName.of(t.name());
        if (run.length() <= TaskSpec.MAX_RUN_NAME) {
            return Optional.empty();
        }
        Location at = doc.root().has("name") ? doc.sourceMap().value("/name") : doc.start();
        String what = run.equals(t.name()) ? "task name '" + t.name() + "' has " + run.length() + " characters"
                : "task name '" + t.name() + "' runs as '" + run + "' (" + run.length() + " characters)";
        return Optional.of(Problem.of(at, what + "; launch names the run after its task and a run name holds at most "
                + TaskSpec.MAX_RUN_NAME, "shorten it, e.g. '" + run.substring(0, TaskSpec.MAX_RUN_NAME).replaceAll("-+$", "") + "'"));
    }

    /** Problems by file (the spec first), line, column. */
    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        String first = out.get(0).location().file();
        out.sort(java.util.Comparator.comparing((Problem p) -> !p.location().file().equals(first))
                .thenComparing(p -> p.location().file())
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return out;
    }

    /** A task document checked (schema, then semantics) and read; null when it has problems. */
    static TaskSpec task(YamlDocument doc, String pointer, String defaultName, List<Problem> problems, CatalogPlaces catalog) {
        return task(doc, pointer, defaultName, problems, Map.of(), catalog);
    }

    private static TaskSpec task(YamlDocument doc, String pointer, String defaultName, List<Problem> problems,
            Map<String, String> envOverrides, CatalogPlaces catalog) {
        JsonNode t = pointer.isEmpty() ? doc.root() : doc.root().at(pointer);
        EnvSubstitution.apply(t, EnvSubstitution.values(t, envOverrides));
        List<Problem> shape = pointer.isEmpty()
                ? SchemaValidator.shared().validate(SchemaValidator.Kind.TASK, t, doc.sourceMap()) : List.of();
        problems.addAll(shape);
        List<Problem> meaning = meaning(t, doc, pointer, envOverrides, shape, catalog);
        problems.addAll(meaning);
        return shape.isEmpty() && meaning.isEmpty() ? SpecReader.task(t, defaultName) : null;
    }

    /**
     * The semantic problems, reported with the schema's in one pass: those at a line the schema already reported
     * are left out (one problem a place), and checks that cannot read a part the schema refused stop quietly.
     */
    private static List<Problem> meaning(JsonNode t, YamlDocument doc, String pointer, Map<String, String> envOverrides,
            List<Problem> shape, CatalogPlaces catalog) {
        List<Problem> meaning = new ArrayList<>();
        try {
            meaning.addAll(TaskChecks.check(t, doc.sourceMap(), pointer, catalog));
            meaning.addAll(TaskChecks.unsetEnvs(t, doc.sourceMap(), pointer, envOverrides.keySet()));
        } catch (RuntimeException unreadable) {
            if (shape.isEmpty()) {
                throw unreadable;
            }
        }
        java.util.Set<Integer> lines = new java.util.HashSet<>();
        shape.forEach(p -> lines.add(p.location().line()));
        meaning.removeIf(p -> lines.contains(p.location().line()));
        return meaning;
    }

    static void requireMapping(YamlDocument doc, List<Problem> problems) {
        if (!doc.root().isObject()) {
            String found = doc.root().isArray() ? "a list" : doc.root().isNull() ? "nothing" : "a single value";
            problems.add(Problem.of(doc.sourceMap().value(""), "the top level is " + found + ", not a mapping",
                    "a spec is a mapping of keys (name:, resources:, run:, ...); a list of tasks is a pipeline: kind: pipeline + stages:"));
            throw new InvalidInputException(problems);
        }
    }

    /** What a chain's header may hold: its name, and for a SkyPilot job group how its tasks run. */
    private static final java.util.Set<String> HEADER_KEYS = java.util.Set.of("name", "execution", "primary_tasks");

    /**
     * SkyPilot's chain: an optional header ({@code name:}; a job group's {@code execution: parallel} and
     * {@code primary_tasks}), then tasks run one after another, or all at once in a job group.
     */
    private static PipelineSpec chain(List<YamlDocument> docs, String stem, List<Problem> problems,
            Map<String, String> envOverrides, CatalogPlaces catalog) {
        List<YamlDocument> tasks = new ArrayList<>(docs);
        String name = stem;
        boolean parallel = false;
        YamlDocument first = docs.get(0);
        if (first.root().isObject() && !first.root().isEmpty()
                && first.root().properties().stream().allMatch(e -> HEADER_KEYS.contains(e.getKey()))) {
            name = first.root().path("name").asText(stem);
            parallel = execution(first, problems);
            tasks.remove(0);
        }
        List<Stage> stages = new ArrayList<>();
        List<PipelineChecks.StageSite> sites = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            YamlDocument doc = tasks.get(i);
            requireMapping(doc, problems);
            TaskSpec t = task(doc, "", stem + "-" + (i + 1), problems, envOverrides, catalog);
            String stageName = doc.root().path("name").asText(stem + "-" + (i + 1));
            List<String> needs = parallel || sites.isEmpty() ? List.of() : List.of(sites.get(sites.size() - 1).name());
            Location at = doc.root().has("name") ? doc.sourceMap().value("/name") : doc.start();
            sites.add(new PipelineChecks.StageSite(stageName, at, needs, needs.stream().map(n -> at).toList()));
            if (t != null) {
                stages.add(new Stage(stageName, t, needs, Optional.empty()));
            }
        }
        problems.addAll(PipelineChecks.check(sites));
        return problems.isEmpty() ? new PipelineSpec(name, stages, Optional.empty()) : null;
    }

    /** A header's {@code execution}: {@code parallel} (a job group: stages all at once) or {@code serial} (a chain). */
    private static boolean execution(YamlDocument header, List<Problem> problems) {
        JsonNode e = header.root().path("execution");
        if (e.isMissingNode() || "serial".equals(e.asText())) {
            return false;
        }
        if (!"parallel".equals(e.asText())) {
            problems.add(Problem.of(header.sourceMap().value("/execution"), "execution '" + e.asText()
                    + "' is not serial or parallel", "a job group runs its tasks at once: execution: parallel"));
        }
        return true;
    }
}
