package dev.skyrun.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code skyrun} command: lists the subcommands. */
@Command(
        name = "skyrun",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // every subcommand gets --help, --version and the footer heading "Examples:"
        versionProvider = VersionProvider.class,
        description = "Declarative YAML pipeline runner for ML workloads across clouds.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  skyrun validate examples/*.yaml specs/        # FILE:LINE:COL errors, exit 2",
            "  skyrun validate -o json specs/federated.yaml  # the same as JSON, for CI",
            "  skyrun plan examples/gpu-task.yaml            # placements it would try, with $/h",
            "  skyrun check                                  # which clouds work, what to fix",
            "  skyrun catalog refresh aws                    # today's AWS prices for plan and launch",
            "  skyrun launch examples/quickstart.yaml        # run it on local Docker, stream its output",
            "  skyrun launch train.yaml -d --name train-lora # start it in the background",
            "  skyrun resume train-lora                      # continue a run whose launch died",
            "  skyrun status                                 # runs and their stages",
            "  skyrun logs train-lora --follow",
            "  skyrun exec train-lora -- nvidia-smi",
            "  skyrun cancel train-lora",
            "  skyrun down train-lora                        # remove what a run left behind",
            "  skyrun show-gpus A100:8                       # offers, cheapest first",
            "  skyrun fuse -m hf.json -m gcp.json --gates gates.yaml --out fused.json",
            "  skyrun releases federated",
            "  skyrun cost --by cloud --since 7d             # what runs cost, from the cost ledger",
            "  skyrun report train-lora --out report.html     # timeline, cost and stages as one HTML page",
            "  skyrun agent list                             # the resident agents that serve commands",
            "  skyrun config                                 # each setting and where it came from",
            "  source <(skyrun completion bash)              # tab completion (also zsh, fish)",
            "",
            "Every command takes --help (with examples); every one that prints data also -o text|json, --quiet, --debug.",
            "",
            "Exit codes:",
            "  0 ok, 1 run failed, 2 bad input or usage,",
            "  3 infrastructure (capacity, credentials), 4 watch rolled back a breached release, 130 interrupted.",
        })
final class SkyrunCommand implements Runnable {

    /**
     * The subcommands. Register a new command here (not in {@code @Command(subcommands)}):
     * {@link #register} builds only the one a command line names, so startup does not pay for
     * the reflection over every command's options.
     */
    static final List<Class<?>> COMMANDS = List.of(
            ValidateCommand.class, PlanCommand.class, LaunchCommand.class, ResumeCommand.class, CheckCommand.class, CatalogCommand.class,
            StatusCommand.class, LogsCommand.class, ExecCommand.class, CancelCommand.class, DownCommand.class,
            FuseCommand.class, ShowGpusCommand.class, ReleasesCommand.class, CostCommand.class, ReportCommand.class, DiffCommand.class,
            RollbackCommand.class, WatchCommand.class, ControllerCommand.class, AgentCommand.class,
            ConfigCommand.class, CompletionCommand.class);

    @Spec
    CommandSpec spec;

    /**
     * Adds the subcommand the arguments name, none for {@code --version}, else all of them
     * (help, usage errors and "did you mean" need the full list), made by {@code cli}'s factory
     * ({@link CommandFactory}: with the command line's context).
     */
    static void register(CommandLine cli, String... args) {
        String wanted = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                wanted = a;
                break;
            }
        }
        if (wanted == null && List.of(args).stream().anyMatch(a -> a.equals("--version") || a.equals("-V"))) {
            return; // the version needs no command
        }
        boolean known = false;
        for (Class<?> c : COMMANDS) {
            known |= nameOf(c).equals(wanted);
        }
        for (Class<?> c : COMMANDS) {
            if (!known || nameOf(c).equals(wanted)) {
                cli.addSubcommand(nameOf(c), c);
            }
        }
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
