package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec just under the 3 MB size cap made of tiny values, read by {@code validate} and
 * {@code plan} in a JVM of 64 MB heap: refused as bad input at the value past the bound, in
 * bounded memory, with no stack trace.
 */
class HugeSpecIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan"})
    void aSpecOfAMillionTinyValuesIsRefusedInSixtyFourMegabytes(String command) throws Exception {
        StringBuilder mapping = new StringBuilder("name: huge\nrun: echo hi\nenvs:\n");
        for (int i = 0; mapping.length() < 2_900_000; i++) {
            mapping.append("  K").append(i).append(": v\n");
        }
        StringBuilder list = new StringBuilder("name: huge\nrun: echo hi\nresources:\n  ports: [");
        while (list.length() < 2_900_000) {
            list.append("1,");
        }
        for (String text : List.of(mapping.toString(), list.append("1]\n").toString())) {
            Path spec = Files.writeString(tmp.resolve("huge.yaml"), text);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), command,
                    spec.toString()));

            CliProcess.Result r = CliProcess.start(tmp, Map.of(), cmd).finish(Duration.ofMinutes(2));

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(spec.toString())
                    + ":\\d+:\\d+: the YAML holds more than 50,000 values").doesNotContain("OutOfMemoryError", "\tat ");
        }
    }
}
