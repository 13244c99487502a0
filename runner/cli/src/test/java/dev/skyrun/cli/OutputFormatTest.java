package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;

/** {@code -o} is the output format on every command that prints data, and a format a command lacks is refused before it runs. */
class OutputFormatTest {

    /** Commands that print no data of their own: a group, a job's own output, a shell script. */
    static final List<String> NO_DATA = List.of("catalog", "exec", "completion");

    static List<String> dataCommands() {
        return SkyrunCommand.COMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).filter(n -> !NO_DATA.contains(n)).toList();
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dataCommands")
    void everyCommandThatPrintsDataTakesMinusOJson(String name) {
        CliRun help = CliRun.of(name, "--help");
        assertThat(help.out()).contains("-o, --output=FORMAT").contains("Output format: text (default) or json");
    }

    @Test
    void markdownIsRefusedWithExit2ByACommandThatHasNone() {
        for (String name : List.of("status", "releases", "agent")) {
            CliRun run = CliRun.of(name, "-o", "markdown");
            assertThat(run.exit()).as(name).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.err()).contains("'skyrun " + name + "' has no output format 'markdown': use -o text or -o json");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anUnknownFormatNamesTheOnesTheCommandHas() {
        CliRun run = CliRun.of("plan", "-o", "yaml", "examples/quickstart.yaml");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("'skyrun plan' has no output format 'yaml': use -o text or -o json or -o markdown");
    }

    @Test
    void fuseMinusOWithAFileIsRefusedPointingToOut() throws Exception {
        Path site = Files.writeString(dir.resolve("site.json"), "{}");
        Path fused = dir.resolve("fused.json");
        CliRun run = CliRun.of("fuse", "-m", site.toString(), "-o", fused.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("'skyrun fuse' has no output format '" + fused + "'")
                .contains("-o is the output format, a file is --out " + fused);
        assertThat(fused).doesNotExist();
    }
}
