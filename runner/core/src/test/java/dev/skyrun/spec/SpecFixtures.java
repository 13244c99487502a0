package dev.skyrun.spec;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/** Loads the spec files under src/test/resources/specs, naming them relative to that folder. */
final class SpecFixtures {

    static final Path ROOT = Path.of("src/test/resources/specs");

    private SpecFixtures() {}

    static Spec load(String name) {
        return SpecLoader.load(ROOT.resolve(name), name);
    }

    /** Every problem of an invalid file, rendered as FILE:LINE:COL: message (hint). */
    static List<String> problems(String name) {
        InvalidInputException e = Assertions.assertThrows(InvalidInputException.class, () -> load(name));
        return e.problems().stream().map(Problem::toString).toList();
    }
}
