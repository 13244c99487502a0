package dev.skyrun.cli;

import dev.skyrun.run.Session;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skyrun exec RUN -- CMD}: runs a command next to a running job and exits with its code. */
@Command(
        name = "exec",
        description = {"Run a command on a node of a running job.", "Exits with the command's exit code."},
        footer = {"  skyrun exec train-lora -- nvidia-smi", "  skyrun exec train-lora --node 1 -- sh -c 'ls $SKYRUN_CHECKPOINT_DIR'"})
final class ExecCommand implements Callable<Integer> {

    private final CommandContext context;

    ExecCommand(CommandContext context) {
        this.context = context;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--node", paramLabel = "N", defaultValue = "0", description = "Node rank (default: 0).")
    int node;

    @Mixin
    RunArgument run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session s = Session.open(context.env())) {
            var actions = s.actions();
            return actions.exec(run.find(actions), node, command, line -> {
                (line.stderr() ? err : out).println(line.text());
                (line.stderr() ? err : out).flush();
            });
        }
    }
}
