package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code skyrun} command: lists the subcommands. */
@Command(
        name = "skyrun",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // every subcommand gets --help and --version
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
            "  skyrun fuse -m hf.json -m gcp.json --gates gates.yaml -o fused.json",
            "  skyrun releases federated",
            "  skyrun agent list                             # the resident agents that serve launch",
            "",
            "Every command takes --help (with examples), -o text|json, --quiet and --debug.",
            "",
            "Exit codes:",
            "  0 ok, 1 run failed, 2 bad input or usage,",
            "  3 infrastructure (capacity, credentials), 130 interrupted.",
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
            FuseCommand.class, ShowGpusCommand.class, ReleasesCommand.class, RollbackCommand.class, AgentCommand.class);

    @Spec
    CommandSpec spec;

    private final Interrupts interrupts;
    private final Optional<CloudRegistry> sharedClouds;

    SkyrunCommand(Interrupts interrupts, Optional<CloudRegistry> sharedClouds) {
        this.interrupts = interrupts;
        this.sharedClouds = sharedClouds;
    }

    /**
     * The clouds the command line {@code spec} belongs to shares with others (the agent's, open
     * across its launches), or empty: then a command opens and closes its own.
     */
    static Optional<CloudRegistry> sharedClouds(CommandSpec spec) {
        return spec.root().userObject() instanceof SkyrunCommand root ? root.sharedClouds : Optional.empty();
    }

    /** How the running command learns that its user wants it to stop. */
    Interrupts interrupts() {
        return interrupts;
    }

    /**
     * Adds the subcommand the arguments name, none for {@code --version}, else all of them
     * (help, usage errors and "did you mean" need the full list).
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
