package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SkyPilot compatibility corpus ({@code core/src/test/resources/specs/skypilot/}) planned as a user would,
 * offline on the bundled catalog: every file plans, and each placement names the image its job would run in; a file
 * that cannot be placed offline is refused with its expected reason.
 */
class SkyPilotCorpusPlanTest {

    private static final Path CORPUS = Path.of("../core/src/test/resources/specs/skypilot");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Files that cannot be planned offline, and the reason they must give. */
    private static final Map<String, String> REFUSED = Map.of(
            "k8s-accelerator.yaml", "task 'rocm-job' pins kubernetes, which is not a cloud of the catalog: skyrun has no"
                    + " offers to plan it on");

    static List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyFilePlansOfflineOrGivesItsExpectedReason(String file) throws IOException {
        CliRun r = CliRun.of("plan", CORPUS.resolve(file).toString(), "--catalog", "bundled", "-o", "json");
        if (REFUSED.containsKey(file)) {
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains(CORPUS.resolve(file) + ": " + REFUSED.get(file));
            return;
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        JsonNode tasks = JSON.readTree(r.out()).get("tasks");
        assertThat(tasks).isNotEmpty();
        for (JsonNode t : tasks) {
            assertThat(t.get("placements")).as("placements of %s", t.get("name")).isNotEmpty();
            t.get("placements").forEach(p -> assertThat(p.get("image").asText()).as("image of %s", p).isNotBlank());
        }
    }

    @Test
    void theRefusalsAreFilesOfTheCorpus() throws IOException {
        assertThat(files()).containsAll(REFUSED.keySet());
    }

    @Test
    void anAlternativeWithImageIdNullRunsTheDefaultImageThere() throws IOException {
        CliRun r = CliRun.of("plan", CORPUS.resolve("image-id-null-in-any-of.yaml").toString(), "--catalog", "bundled",
                "--all", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> gcpImages = new ArrayList<>();
        JSON.readTree(r.out()).get("tasks").get(0).get("placements").forEach(p -> {
            if (p.get("cloud").asText().equals("gcp")) {
                gcpImages.add(p.get("image").asText());
            }
        });
        assertThat(gcpImages).isNotEmpty().containsOnly("nvidia/cuda:12.4.1-runtime-ubuntu22.04");
    }
}
