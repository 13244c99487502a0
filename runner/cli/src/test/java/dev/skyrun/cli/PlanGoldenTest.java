package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code skyrun plan -o json} of every spec in {@code examples/} and {@code specs/}
 * on the bundled catalog, kept under {@code src/test/resources/golden/plan/}, so a change in
 * planning (optimizer, catalog snapshot, a spec) shows up as a diff in review.
 *
 * <p>After an intended change, regenerate them and review the diff:
 * <pre>{@code
 * ./mvnw -B -ntp -o verify -pl runner/cli -am -Dtest=PlanGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dskyrun.golden.update=true
 * git diff runner/cli/src/test/resources/golden/plan
 * }</pre>
 *
 * <p>The one machine-dependent part, the vCPUs and memory of this machine as cloud {@code local},
 * is written as {@code "this machine"}.
 */
class PlanGoldenTest {
    private static final Path REPO = Path.of("../..");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/plan");
    private static final boolean UPDATE = Boolean.getBoolean("skyrun.golden.update");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> specs() throws IOException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("examples", "specs")) {
            try (Stream<Path> s = Files.walk(REPO.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml")).map(p -> REPO.relativize(p).toString()).sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void planJsonMatchesItsGoldenFile(String spec) throws IOException {
        CliRun run = CliRun.of("plan", REPO.resolve(spec).toString(), "--catalog", "bundled", "-o", "json");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        String actual = normalized(run.out());
        Path golden = goldenOf(spec);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("no golden file for %s: run with -Dskyrun.golden.update=true", spec).exists();
        assertThat(actual).as("plan of %s differs from %s (regenerate with -Dskyrun.golden.update=true if intended)",
                spec, golden).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void everyGoldenFileHasItsSpec() throws IOException {
        List<Path> expected = specs().stream().map(PlanGoldenTest::goldenOf).toList();
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            List<Path> present = s.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(present).as("golden files whose spec is gone: delete them").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static Path goldenOf(String spec) {
        return GOLDEN.resolve(spec.replaceAll("\\.yaml$", ".json"));
    }

    /**
     * Pretty-printed, with the local machine's size replaced and whether each cloud is enabled left out
     * (both differ between machines: the second is what credentials are configured where the test runs;
     * {@code PlanEnabledIT} checks it with a given environment).
     */
    private static String normalized(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        for (JsonNode task : root.get("tasks")) {
            for (JsonNode p : task.get("placements")) {
                ((ObjectNode) p).remove("enabled");
                if (p.get("cloud").asText().equals("local")) {
                    ((ObjectNode) p).put("vcpus", "this machine").put("memory_gib", "this machine");
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
