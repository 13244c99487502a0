package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SkyPilot's {@code volumes:}: {@code validate} accepts them, {@code plan} says launch refuses them, and {@code launch}
 * refuses them at the key (exit 2) before anything runs, pointing to a named store instead. In-process through
 * {@link Main#run}.
 */
class VolumesRefusalTest {

    private static final Path CORPUS_FILE = Path.of("../core/src/test/resources/specs/skypilot/volumes.yaml");

    @Test
    void launchRefusesVolumesAtTheKeyWithExit2AndRecordsNoRun(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("vol-refused.yaml"), """
                name: vol-refused-task
                resources:
                  cloud: local
                volumes:
                  /mnt/data: shared-pvc
                run: echo ran
                """);
        CliRun launch = CliRun.of("launch", spec.toString());
        assertThat(launch.exit()).as(launch.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(launch.err()).contains(spec + ":4:1: skyrun does not yet support volumes")
                .contains("persistent: true");
        assertThat(launch.out()).doesNotContain("ran");
        CliRun status = CliRun.of("status", "-o", "json");
        assertThat(status.out()).doesNotContain("vol-refused-task");
    }

    @Test
    void validateAcceptsTheCorpusFileAndPlanSaysLaunchRefusesIt() {
        CliRun validate = CliRun.of("validate", CORPUS_FILE.toString());
        assertThat(validate.exit()).as(validate.err()).isZero();
        CliRun plan = CliRun.of("plan", CORPUS_FILE.toString(), "--catalog", "bundled");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("launch refuses this spec:\n  " + CORPUS_FILE + ":2:1: skyrun does not yet"
                + " support volumes");
    }
}
