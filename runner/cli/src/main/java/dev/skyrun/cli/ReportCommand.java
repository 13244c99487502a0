package dev.skyrun.cli;

import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.run.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun report RUN|RELEASE --out FILE}: one self-contained HTML page of a run or a release. */
@Command(
        name = "report",
        description = {"Write a run's or release's report as one self-contained HTML page.",
            "Inline SVG and CSS, nothing fetched: the timeline of every attempt per node across placements"
                    + " (provisioning, running, preempted, failed, blocked placements), the cost as it accrued, the cost"
                    + " ledger, and for a release the stage graph with gate verdicts and the artifacts with their digests."
                    + " Without --out it prints the run's status (or the release's summary), as text or -o json."},
        footer = {"  skyrun report train-lora --out train-lora.html", "  skyrun report federated@1.4.0 --out release.html"})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "RUN|RELEASE", description = "A run id or name (its newest run), or a release NAME@VERSION.")
    String what;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the HTML report to FILE.")
    Path file;

    @Override
    public Integer call() throws IOException {
        try (Session s = Session.openReadOnly(output.context().env())) {
            ReportData data = ReportData.read(s.state(), what, Instant.now());
            if (file == null) {
                printStatus(s, data);
                return ExitCode.OK;
            }
            String html = ReportHtml.render(data);
            Files.writeString(file, html, StandardCharsets.UTF_8);
            if (!output.quiet()) {
                output.err().println("skyrun: wrote " + file + " (" + html.length() / 1024 + " KiB)");
            }
            return ExitCode.OK;
        }
    }

    /** Without {@code --out}: the run's status, or the release's summary (its manifest with {@code -o json}). */
    private void printStatus(Session s, ReportData data) {
        if (data.release().isEmpty()) {
            output.print(output.out(), RunViews.RunView.read(s.state(), data.runs().get(0).run()), RunViews::detail);
            return;
        }
        byte[] bytes = ManifestJson.bytes(data.release().get());
        if (output.json()) {
            output.out().print(new String(bytes, StandardCharsets.UTF_8));
            output.out().flush();
        } else if (!output.quiet()) {
            ManifestText.render(output.out(), data.release().get(), Digests.sha256(bytes));
        }
    }
}
