package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.testkit.Docker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of runs on the local engine: a {@link Harness} in a temp directory, closed after each test with all its runs made, and nothing of them left on the engine. */
abstract class HarnessTest {

    @TempDir
    Path tmp;

    /** Set by the test (or its {@code @BeforeEach}). */
    Harness h;

    @AfterEach
    void closeHarness() {
        if (h != null) {
            List<String> runs = h.runIds();
            h.close();
            runs.forEach(r -> assertThat(Docker.orphans(r)).as("left by run " + r).isEmpty());
        }
    }
}
