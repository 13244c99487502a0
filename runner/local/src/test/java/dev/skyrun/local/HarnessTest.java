package dev.skyrun.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of runs on the local engine: a {@link Harness} in a temp directory, closed after each test with all its runs made. */
abstract class HarnessTest {

    @TempDir
    Path tmp;

    /** Set by the test (or its {@code @BeforeEach}). */
    Harness h;

    @AfterEach
    void closeHarness() {
        if (h != null) {
            h.close();
        }
    }
}
