package dev.skyrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code skyrun catalog}: the catalog's subcommands ({@code refresh}). */
@Command(
        name = "catalog",
        description = "Manage the catalog of offerings plan and launch choose from.",
        subcommands = CatalogRefreshCommand.class,
        footer = {"  skyrun catalog refresh aws                      # today's AWS prices into $SKYRUN_HOME/catalogs",
            "  skyrun catalog refresh aws --catalog ~/catalogs  # or into a directory of your own"})
final class CatalogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
