package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pipeline's {@code slo:} list (already checked against the schema) into {@link SloSpec}s,
 * with the checks the schema cannot make: exactly one source, a threshold, {@code min <= max},
 * unique names, and a file source that stays inside the spec's repository.
 */
final class SloReader {

    private static final List<String> SOURCES = List.of("prometheus", "http", "file");

    private SloReader() {}

    static List<SloSpec> read(Path pipelineFile, JsonNode list, SourceMap map, List<Problem> problems) {
        List<SloSpec> out = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String at = SourceMap.child("/slo", i);
            String name = s.path("name").asText();
            Location nameAt = map.value(SourceMap.child(at, "name"));
            Location first = seen.putIfAbsent(name, nameAt);
            if (first != null) {
                problems.add(Problem.of(nameAt, "slo '" + name + "' is defined twice (first at line " + first.line() + ")",
                        "give each SLO its own name"));
            }
            source(pipelineFile, s, at, map, problems).ifPresent(src -> threshold(name, s, at, map, problems)
                    .ifPresent(ok -> out.add(new SloSpec(name, src, number(s, "min"), number(s, "max"),
                            interval(s.path("interval").asText("")), s.path("failures").asInt(SloSpec.DEFAULT_FAILURES),
                            SpecReader.text(s, "on_missing").map(v -> SloSpec.MissingData.valueOf(v.toUpperCase(Locale.ROOT)))
                                    .orElse(SloSpec.MissingData.IGNORE)))));
        }
        return out;
    }

    private static Optional<SloSource> source(Path pipelineFile, JsonNode s, String at, SourceMap map,
            List<Problem> problems) {
        List<String> given = SOURCES.stream().filter(s::has).toList();
        if (given.size() != 1) {
            Location where = given.isEmpty() ? map.value(at) : map.key(SourceMap.child(at, given.get(1)));
            problems.add(Problem.of(where, "slo '" + s.path("name").asText() + "' names " + (given.isEmpty()
                    ? "no source" : "two sources (" + String.join(", ", given) + ")"),
                    "name exactly one of prometheus: {url, query}, http: {url, pointer} or file: {path, pointer}"));
            return Optional.empty();
        }
        JsonNode src = s.path(given.get(0));
        return switch (given.get(0)) {
            case "prometheus" -> Optional.of(new SloSource.Prometheus(src.path("url").asText(), src.path("query").asText()));
            case "http" -> Optional.of(new SloSource.HttpJson(src.path("url").asText(), src.path("pointer").asText()));
            default -> file(pipelineFile, src, SourceMap.child(SourceMap.child(at, "file"), "path"), map, problems);
        };
    }

    private static Optional<SloSource> file(Path pipelineFile, JsonNode src, String pathAt, SourceMap map,
            List<Problem> problems) {
        String path = src.path("path").asText();
        Optional<String> outside = SpecRepository.of(pipelineFile).outside(path);
        if (outside.isPresent()) {
            problems.add(Problem.of(map.value(pathAt), "slo file '" + path + "' " + outside.get(),
                    "name a JSON file inside the spec's repository, relative to the pipeline file"));
            return Optional.empty();
        }
        return Optional.of(new SloSource.JsonFile(path, src.path("pointer").asText()));
    }

    private static Optional<Boolean> threshold(String name, JsonNode s, String at, SourceMap map, List<Problem> problems) {
        Optional<Double> min = number(s, "min");
        Optional<Double> max = number(s, "max");
        if (min.isEmpty() && max.isEmpty()) {
            problems.add(Problem.of(map.value(at), "slo '" + name + "' has no threshold",
                    "add max: (e.g. max: 250 for a latency) or min: (e.g. min: 0.99 for an availability)"));
            return Optional.empty();
        }
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            problems.add(Problem.of(map.value(SourceMap.child(at, "min")), "slo '" + name + "': min "
                    + Numbers.text(min.get()) + " is above max " + Numbers.text(max.get()), "no value could meet it"));
            return Optional.empty();
        }
        return Optional.of(true);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} (the schema's pattern); empty is the default. */
    static Duration interval(String text) {
        if (text.isEmpty()) {
            return SloSpec.DEFAULT_INTERVAL;
        }
        String unit = text.replaceAll("^[0-9]+", "");
        long n = Long.parseLong(text.substring(0, text.length() - unit.length()));
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static Optional<Double> number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
    }
}
