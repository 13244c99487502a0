package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** {@code skyrun completion}: the bash script works in a real bash; zsh and fish get theirs. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBashScriptSourcedInBashRegistersSkyrunAndCompletesCommandsOptionsAndFormats() throws Exception {
        Path script = script("bash");

        assertThat(bash(script, "complete -p skyrun")).contains("-F _complete_skyrun").endsWith("skyrun");
        assertThat(complete(script, "skyrun", "va")).containsExactly("validate");
        assertThat(complete(script, "skyrun", "")).containsAll(
                SkyrunCommand.COMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).toList());
        assertThat(complete(script, "skyrun", "catalog", "re")).containsExactly("refresh");
        assertThat(complete(script, "skyrun", "plan", "--ca")).containsExactly("--catalog");
        assertThat(complete(script, "skyrun", "status", "-o", "j")).containsExactly("json");
    }

    @Test
    void zshGetsThePicocliScriptThatRunsThroughBashcompinit() throws Exception {
        String zsh = Files.readString(script("zsh"));
        assertThat(zsh).contains("bashcompinit").contains("complete -F _complete_skyrun");
    }

    @Test
    void theFishScriptOffersEveryCommandWithItsSummaryAndTheFormatsOfMinusO() throws Exception {
        List<String> fish = Files.readAllLines(script("fish"));
        for (Class<?> c : SkyrunCommand.COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            assertThat(fish).contains("complete -c skyrun -f -n '__fish_use_subcommand' -a '" + command.name() + "' -d '"
                    + command.description()[0].replace("'", "\\'") + "'");
        }
        assertThat(fish).contains("complete -c skyrun -n '__fish_seen_subcommand_from plan' -s o -l output -x -a 'text json markdown'"
                + " -d 'Output format: text (default) or json; validate, plan and diff also markdown.'");
    }

    @Test
    void anUnknownShellIsBadInputNamingTheShellsThereAre() {
        CliRun run = CliRun.of("completion", "tcsh");
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("tcsh").contains("bash, zsh, fish");
    }

    private Path script(String shell) throws IOException {
        CliRun run = CliRun.of("completion", shell);
        assertThat(run.exit()).as(run.err()).isZero();
        return Files.writeString(dir.resolve("skyrun." + shell), run.out());
    }

    /**
     * What bash's completion offers for the words typed so far (the last one is being completed):
     * the script's function called as readline calls it. {@code compopt} works only inside
     * readline's completion, so it does nothing here.
     */
    private static List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String line = String.join(" ", words);
        String reply = bash(script, "compopt() { :; }; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line
                + "'; COMP_POINT=" + line.length() + "; _complete_skyrun skyrun '" + words[words.length - 1]
                + "' '" + words[words.length - 2] + "'; printf '%s\\n' \"${COMPREPLY[@]}\"");
        return reply.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String bash(Path script, String commands) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "source \"$0\" && " + commands, script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }
}
