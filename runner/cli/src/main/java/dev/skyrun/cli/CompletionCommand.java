package dev.skyrun.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skyrun completion bash|zsh|fish}: prints a shell completion script made from skyrun's
 * commands. A script is not data, so it has no {@code -o json}.
 */
@Command(
        name = "completion",
        description = {"Print a shell completion script for bash, zsh or fish.",
            "Completes commands, their options, the values of -o, and file names. bash and zsh share picocli's"
                    + " script (zsh runs it through bashcompinit); fish gets its own 'complete' lines."},
        footer = {"  skyrun completion bash > ~/.local/share/bash-completion/completions/skyrun",
            "  source <(skyrun completion bash)                # this shell only",
            "  skyrun completion zsh > ~/.zfunc/_skyrun        # or: source <(skyrun completion zsh) in ~/.zshrc",
            "  skyrun completion fish > ~/.config/fish/completions/skyrun.fish"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells a script is made for. */
    enum Shell { bash, zsh, fish }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine all = new CommandLine(new SkyrunCommand(), new CommandFactory(CommandContext.PROCESS));
        SkyrunCommand.register(all);
        String script = switch (shell) {
            case bash, zsh -> AutoComplete.bash("skyrun", all);
            case fish -> FishCompletion.script(all);
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
