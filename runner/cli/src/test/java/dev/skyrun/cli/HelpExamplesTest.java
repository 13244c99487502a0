package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;

/** Every registered command's {@code --help} ends with examples that run that command. */
class HelpExamplesTest {

    static List<String> commands() {
        return SkyrunCommand.COMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpHasAnExamplesSectionWithThatCommand(String name) {
        CliRun run = CliRun.of(name, "--help");
        assertThat(run.exit()).isZero();
        String examples = run.out().substring(Math.max(0, run.out().indexOf("Examples:")));
        assertThat(run.out()).contains("Examples:");
        assertThat(examples).containsPattern("(?m)^ +skyrun " + name + "\\b");
    }
}
