package dev.skyrun.cli;

import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.review.ReleaseDiff;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun diff A B}: what differs between two releases ({@code NAME@VERSION}, from state)
 * or two manifest files: artifact digests, metrics, gate verdicts, spec digest, images, cost.
 */
@Command(name = "diff", sortOptions = false,
        description = {"Show what differs between two releases or two manifest files.",
            "Releases are NAME@VERSION. Shows the spec digest, catalog, verdict, each stage's image and metrics,"
                    + " each artifact's digest, each gate's verdict and the estimated cost. Exit 0 no difference,"
                    + " 1 something differs, 2 no such release or file."},
        footer = {"  skyrun diff federated@1.4.0 federated@1.5.0     what 1.5.0 changed",
            "  skyrun diff old/manifest.json new/manifest.json -o markdown",
            "  skyrun rollback federated@1.4.0 --dry-run       the same, before a rollback"})
final class DiffCommand implements Callable<Integer>, OutputOptions.PrintsMarkdown {

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "A", description = "NAME@VERSION or a manifest file.")
    String first;

    @Parameters(index = "1", paramLabel = "B", description = "NAME@VERSION or a manifest file.")
    String second;

    @Override
    public Integer call() throws IOException {
        ReleaseDiff d = ReleaseDiff.between(manifest(first), manifest(second));
        return print(output, output.out(), d);
    }

    /** Prints {@code d} as {@code output} says; exit 1 when anything differs. */
    static int print(OutputOptions output, java.io.PrintWriter out, ReleaseDiff d) {
        output.print(out, d, ReleaseDiffText::render, ReleaseDiffText::markdown);
        return d.changed() ? ExitCode.CHANGED : ExitCode.OK;
    }

    /** A manifest file, or a release's manifest from state. */
    private Manifest manifest(String arg) throws IOException {
        Path file = Path.of(arg);
        if (Files.isRegularFile(file)) {
            return ManifestJson.parse(Files.readAllBytes(file));
        }
        if (!arg.contains("@")) {
            throw new InvalidInputException(arg + ": no such manifest file, and not NAME@VERSION; "
                    + "skyrun releases lists the releases in state");
        }
        ReleaseId id = ReleaseId.parse(arg);
        try (Session s = Session.open(output.context().env())) {
            return ManifestJson.parse(new ReleaseLedger(s.state().releases()).manifestBytes(id));
        }
    }
}
