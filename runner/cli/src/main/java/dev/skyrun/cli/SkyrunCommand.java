package dev.skyrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code skyrun} command: lists the subcommands. */
@Command(
        name = "skyrun",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Declarative YAML pipeline runner for ML workloads across clouds.",
        subcommands = {
            StatusCommand.class, LogsCommand.class, ExecCommand.class, CancelCommand.class, DownCommand.class,
            FuseCommand.class, ShowGpusCommand.class, ReleasesCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0 ok, 1 run failed, 2 bad input or usage, 3 infrastructure (capacity, credentials), 130 interrupted.",
        })
final class SkyrunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
