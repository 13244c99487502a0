package dev.skyrun.spec;

import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a pipeline gets after its schema passed: stage names valid and unique, every
 * {@code needs} naming an existing other stage, and no cycle.
 */
final class PipelineChecks {

    /** Where a stage's name and each of its needs were written. */
    record StageSite(String name, Location nameAt, List<String> needs, List<Location> needsAt) {}

    private PipelineChecks() {}

    static List<Problem> check(List<StageSite> stages) {
        List<Problem> problems = new ArrayList<>();
        Map<String, StageSite> byName = new LinkedHashMap<>();
        for (StageSite s : stages) {
            if (!TaskChecks.validName(s.name())) {
                problems.add(Problem.of(s.nameAt(), "stage name '" + s.name() + "' is not valid",
                        "lower-case letters, digits and '-', at most 63 characters, e.g. '" + SpecReader.nameFromFile(s.name()) + "'"));
            }
            StageSite first = byName.putIfAbsent(s.name(), s);
            if (first != null) {
                problems.add(Problem.of(s.nameAt(), "stage '" + s.name() + "' is defined twice (first at line "
                        + first.nameAt().line() + ")", "give each stage its own name"));
            }
        }
        for (StageSite s : stages) {
            for (int i = 0; i < s.needs().size(); i++) {
                String need = s.needs().get(i);
                if (need.equals(s.name())) {
                    problems.add(Problem.of(s.needsAt().get(i), "stage '" + s.name() + "' needs itself", "remove it from needs"));
                } else if (!byName.containsKey(need)) {
                    problems.add(Problem.of(s.needsAt().get(i), "stage '" + s.name() + "' needs '" + need + "', which is not a stage",
                            Suggestions.hint(need, byName.keySet()).orElse("stages: " + String.join(", ", byName.keySet()))));
                }
            }
        }
        cycle(stages, byName).ifPresent(problems::add);
        return problems;
    }

    /** The first cycle of needs, reported at the need that closes it. */
    private static java.util.Optional<Problem> cycle(List<StageSite> stages, Map<String, StageSite> byName) {
        Map<String, Integer> state = new HashMap<>();
        for (StageSite s : stages) {
            List<String> path = new ArrayList<>();
            java.util.Optional<Problem> p = visit(s, byName, state, path, new HashSet<>());
            if (p.isPresent()) {
                return p;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Problem> visit(StageSite s, Map<String, StageSite> byName,
            Map<String, Integer> state, List<String> path, Set<String> onPath) {
        if (state.getOrDefault(s.name(), 0) == 2) {
            return java.util.Optional.empty();
        }
        path.add(s.name());
        onPath.add(s.name());
        for (int i = 0; i < s.needs().size(); i++) {
            String need = s.needs().get(i);
            StageSite next = byName.get(need);
            if (next == null || need.equals(s.name())) {
                continue;
            }
            if (onPath.contains(need)) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(need), path.size()));
                loop.add(need);
                return java.util.Optional.of(Problem.of(s.needsAt().get(i), "stages need each other in a cycle: "
                        + String.join(" -> ", loop), "remove one of these needs"));
            }
            java.util.Optional<Problem> p = visit(next, byName, state, path, onPath);
            if (p.isPresent()) {
                return p;
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(s.name());
        state.put(s.name(), 2);
        return java.util.Optional.empty();
    }
}
