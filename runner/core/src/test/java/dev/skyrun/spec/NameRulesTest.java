package dev.skyrun.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One name rule per kind, refused by {@code validate} (spec loading) before anything runs:
 * gate, metric, output, label and release names that a shell or a path could read, task
 * names launch would refuse, and stage task files outside the spec's repository.
 */
class NameRulesTest {

    @TempDir
    Path dir;

    private static final String TASK = """
            name: t
            image: skyrun/busybox:local
            run: echo hi
            """;

    @Test
    void gateMetricOutputAndLabelNamesThatReachAShellAreRefused() throws IOException {
        List<String> problems = problems("t.yaml", TASK + """
                resources:
                  labels: {"team;rm": "x", owner: "$(id)"}
                outputs:
                  "a;b": /outputs/a
                  "..": /outputs/b
                metrics: {path: /outputs/metrics.json, names: ["acc`id`"]}
                gates:
                  - {name: "q$(id)", metric: acc, min: 1}
                  - {name: ok, metric: "../x", min: 1}
                """);
        assertThat(problems).anyMatch(p -> p.contains("team;rm"));
        assertThat(problems).anyMatch(p -> p.contains("$(id)") && p.contains("labels"));
        assertThat(problems).anyMatch(p -> p.contains("a;b"));
        assertThat(problems).anyMatch(p -> p.contains("'..'") || p.contains("outputs.."));
        assertThat(problems).anyMatch(p -> p.contains("acc`id`"));
        assertThat(problems).anyMatch(p -> p.contains("q$(id)"));
        assertThat(problems).anyMatch(p -> p.contains("../x"));
        assertThat(problems).allMatch(p -> p.startsWith("t.yaml:"));
    }

    @Test
    void ordinaryNamesStillPass() throws IOException {
        Path f = write("ok.yaml", TASK + """
                resources:
                  labels: {team: ml, app.kubernetes.io/name: trainer, cost-center: "42"}
                outputs:
                  adapter: /outputs/adapter
                  model_v2: /outputs/model
                metrics: {path: /outputs/metrics.json, names: [eval_accuracy, p95_ms, eval.f1]}
                gates:
                  - {name: quality, metric: eval_accuracy, min: 0.8}
                  - {name: p95-latency, metric: p95_ms, max: 250}
                """);
        assertThat(SpecLoader.load(f, "ok.yaml")).isInstanceOf(TaskSpec.class);
    }

    @Test
    void aReleaseNameIsRefusedByValidateNotAfterTheStagesRan() throws IOException {
        write("a.yaml", TASK);
        for (String bad : List.of("rel;rm -rf", "a..b", "$(id)", "`id`", "../up")) {
            List<String> problems = problems("p.yaml", """
                    kind: pipeline
                    stages:
                      - {name: a, task: a.yaml}
                    release: {name: "%s", version: 1.0.0}
                    """.formatted(bad));
            assertThat(problems).as(bad).anyMatch(p -> p.startsWith("p.yaml:4:") && p.contains("release.name"));
        }
    }

    @Test
    void taskNamesLaunchWouldRefuseAreRefusedByValidate() throws IOException {
        String name = "a".repeat(41);
        List<String> problems = problems("long.yaml", TASK.replace("name: t", "name: " + name));
        assertThat(problems).containsExactly("long.yaml:1:7: task name '" + name + "' has 41 characters; launch names"
                + " the run after its task and a run name holds at most 40 (shorten it, e.g. '" + "a".repeat(40) + "')");
        assertThat(SpecLoader.load(write("forty.yaml", TASK.replace("name: t", "name: " + "a".repeat(40))), "forty.yaml"))
                .isInstanceOf(TaskSpec.class);
    }

    @Test
    void aStageTaskFileOutsideTheSpecsRepositoryIsNeverRead() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Path specs = Files.createDirectories(repo.resolve("specs"));
        Files.writeString(dir.resolve("outside.yaml"), "this: [is not read");
        Files.createSymbolicLink(specs.resolve("link.yaml"), dir.resolve("outside.yaml"));
        Files.writeString(repo.resolve("inside.yaml"), TASK);
        Path p = specs.resolve("p.yaml");
        Files.writeString(p, """
                kind: pipeline
                stages:
                  - {name: a, task: ../../outside.yaml}
                  - {name: b, task: link.yaml}
                  - {name: c, task: /etc/passwd}
                  - {name: d, task: ../inside.yaml}
                """);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpecLoader.load(p, "p.yaml"));
        List<String> problems = e.problems().stream().map(Problem::toString).toList();
        assertThat(problems).containsExactly(
                "p.yaml:3:21: stage 'a': task file '../../outside.yaml' leaves the spec's repository " + repo.toRealPath()
                        + " (name a task file inside the spec's repository, relative to the pipeline file)",
                "p.yaml:4:21: stage 'b': task file 'link.yaml' leaves the spec's repository " + repo.toRealPath()
                        + " (name a task file inside the spec's repository, relative to the pipeline file)",
                "p.yaml:5:21: stage 'c': task file '/etc/passwd' is not a relative path"
                        + " (name a task file inside the spec's repository, relative to the pipeline file)");
    }

    @Test
    void aContractOutsideTheSpecIsRefused() throws IOException {
        List<String> problems = problems("c.yaml", TASK + """
                gates:
                  - {name: compat, contract: ../../etc/shadow}
                """);
        assertThat(problems).containsExactly("c.yaml:5:30: gate 'compat' reads contract '../../etc/shadow' outside the"
                + " spec's directory (name a file relative to the spec, without '..')");
    }

    private List<String> problems(String name, String text) throws IOException {
        Path f = write(name, text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpecLoader.load(f, name));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
