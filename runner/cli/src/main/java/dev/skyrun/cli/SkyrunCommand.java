package dev.skyrun.cli;

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
        subcommands = {
            ValidateCommand.class, StatusCommand.class, LogsCommand.class, ExecCommand.class, CancelCommand.class,
            DownCommand.class, FuseCommand.class, ShowGpusCommand.class, ReleasesCommand.class, RollbackCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  skyrun validate examples/*.yaml specs/        # FILE:LINE:COL errors, exit 2",
            "  skyrun validate -o json specs/federated.yaml  # the same as JSON, for CI",
            "  skyrun status                                 # runs and their stages",
            "  skyrun logs train-lora --follow",
            "  skyrun exec train-lora -- nvidia-smi",
            "  skyrun cancel train-lora",
            "  skyrun down train-lora                        # remove what a run left behind",
            "  skyrun show-gpus A100:8                       # offers, cheapest first",
            "  skyrun fuse -m hf.json -m gcp.json --gates gates.yaml -o fused.json",
            "  skyrun releases federated",
            "",
            "Every command takes --help (with examples), -o text|json, --quiet and --debug.",
            "",
            "Exit codes:",
            "  0 ok, 1 run failed, 2 bad input or usage,",
            "  3 infrastructure (capacity, credentials), 130 interrupted.",
        })
final class SkyrunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
