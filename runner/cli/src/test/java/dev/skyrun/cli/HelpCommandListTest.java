package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The command lists of {@code skyrun --help} (and of command groups): one whole sentence per command, on one line. */
class HelpCommandListTest {

    @Test
    void everyCommandOfSkyrunHelpIsOneWholeSentenceThatFitsItsLine() {
        assertWholeLines(CliRun.of("--help"), SkyrunCommand.COMMANDS);
    }

    @Test
    void everyCommandOfAGroupsHelpIsOneWholeSentenceThatFitsItsLine() {
        for (Class<?> group : SkyrunCommand.COMMANDS) {
            List<Class<?>> subs = List.of(group.getAnnotation(Command.class).subcommands());
            if (!subs.isEmpty()) {
                assertWholeLines(CliRun.of(nameOf(group), "--help"), subs);
            }
        }
    }

    private static void assertWholeLines(CliRun help, List<Class<?>> commands) {
        assertThat(help.exit()).isZero();
        List<String> lines = help.out().lines().toList();
        int start = lines.indexOf("Commands:");
        assertThat(start).as(help.out()).isNotNegative();
        List<String> listed = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || !line.startsWith("  ")) {
                break;
            }
            Matcher m = Pattern.compile("^  (\\S+) +(.+)$").matcher(line);
            assertThat(m.matches()).as("a command's line, not a wrapped remainder: '%s'", line).isTrue();
            listed.add(m.group(1));
            String summary = m.group(2);
            assertThat(summary).as(line).matches("[A-Z].*\\.").isEqualTo(summaryOf(commands, m.group(1)));
            assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
        }
        assertThat(listed).containsExactlyElementsOf(commands.stream().map(HelpCommandListTest::nameOf).toList());
    }

    private static String summaryOf(List<Class<?>> commands, String name) {
        return commands.stream().filter(c -> nameOf(c).equals(name)).findFirst()
                .map(c -> c.getAnnotation(Command.class).description()[0]).orElseThrow();
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
