package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SchemaValidator;
import dev.skyrun.schema.SourceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a {@code kind: pipeline} document: the pipeline schema (which checks inline tasks
 * too), each stage's task (inline, or from a path relative to the pipeline file), then the
 * pipeline checks (names, needs, cycles).
 */
final class PipelineLoader {

    private PipelineLoader() {}

    static PipelineSpec load(Path file, YamlDocument doc, String stem, List<Problem> problems, CatalogPlaces catalog) {
        JsonNode root = doc.root();
        List<Problem> shape = SchemaValidator.shared().validate(SchemaValidator.Kind.PIPELINE, root, doc.sourceMap());
        if (!shape.isEmpty()) {
            problems.addAll(shape);
            return null;
        }
        SourceMap map = doc.sourceMap();
        List<Stage> stages = new ArrayList<>();
        List<PipelineChecks.StageSite> sites = new ArrayList<>();
        JsonNode list = root.path("stages");
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String sp = SourceMap.child("/stages", i);
            String name = s.path("name").asText();
            List<String> needs = SpecReader.needs(s.path("needs"));
            List<Location> needsAt = new ArrayList<>();
            for (int n = 0; n < needs.size(); n++) {
                needsAt.add(s.path("needs").isArray() ? map.value(SourceMap.child(SourceMap.child(sp, "needs"), n))
                        : map.value(SourceMap.child(sp, "needs")));
            }
            sites.add(new PipelineChecks.StageSite(name, map.value(SourceMap.child(sp, "name")), needs, needsAt));
            JsonNode task = s.path("task");
            TaskSpec t;
            Optional<String> path = Optional.empty();
            if (task.isTextual()) {
                path = Optional.of(task.asText());
                t = byPath(file, task.asText(), map.value(SourceMap.child(sp, "task")), name, problems, catalog);
            } else {
                t = SpecLoader.task(doc, SourceMap.child(sp, "task"), name, problems, catalog);
            }
            if (t != null) {
                stages.add(new Stage(name, t, needs, path));
            }
        }
        problems.addAll(PipelineChecks.check(sites));
        String name = root.path("name").asText(stem);
        if (root.has("name") && !TaskChecks.validName(name)) {
            problems.add(Problem.of(map.value("/name"), "pipeline name '" + name + "' is not valid",
                    "lower-case letters, digits and '-', e.g. '" + SpecReader.nameFromFile(name) + "'"));
        }
        List<SloSpec> slos = SloReader.read(file, root.path("slo"), map, problems);
        return problems.isEmpty() ? new PipelineSpec(name, stages, SpecReader.release(root.path("release")), slos) : null;
    }

    /** Where a stage's task file named {@code relative} is: beside the pipeline file. */
    static Path stageFile(Path pipelineFile, String relative) {
        return pipelineFile.toAbsolutePath().getParent().resolve(relative).normalize();
    }

    /** How problems name a stage's task file: beside the pipeline file as {@code pipelineDisplay} names it. */
    static String stageDisplay(String pipelineDisplay, String relative) {
        return Optional.ofNullable(Path.of(pipelineDisplay).getParent()).map(p -> p.resolve(relative).normalize())
                .orElse(Path.of(relative).normalize()).toString();
    }

    /** A stage's task file, relative to the pipeline file; its problems name that file. */
    private static TaskSpec byPath(Path pipelineFile, String relative, Location at, String stage, List<Problem> problems,
            CatalogPlaces catalog) {
        Path target = stageFile(pipelineFile, relative);
        String display = stageDisplay(at.file(), relative);
        Optional<String> outside = SpecRepository.of(pipelineFile).outside(relative);
        if (outside.isPresent()) {
            problems.add(Problem.of(at, "stage '" + stage + "': task file '" + relative + "' " + outside.get(),
                    "name a task file inside the spec's repository, relative to the pipeline file"));
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(target)) {
            problems.add(Problem.of(at, "stage '" + stage + "': task file '" + relative + "' does not exist",
                    "paths are relative to the pipeline file, here " + display));
            return null;
        }
        try {
            List<YamlDocument> docs = SafeYaml.read(target, display);
            if (docs.size() != 1) {
                problems.add(Problem.of(at, "stage '" + stage + "': '" + relative + "' holds " + docs.size()
                        + " documents", "a stage's task file holds one task"));
                return null;
            }
            SpecLoader.requireMapping(docs.get(0), new ArrayList<>());
            return SpecLoader.task(docs.get(0), "", stage, problems, catalog);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
