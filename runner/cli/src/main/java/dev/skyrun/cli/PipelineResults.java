package dev.skyrun.cli;

import dev.skyrun.pipeline.PipelineLauncher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Prints what a pipeline run made: the fused manifest (with {@code -o json}) or its summary. */
final class PipelineResults {

    private PipelineResults() {}

    static void print(OutputOptions output, PrintWriter out, PipelineLauncher.Result r) {
        if (output.json()) {
            out.print(new String(r.bytes(), StandardCharsets.UTF_8));
        } else if (!output.quiet()) {
            ManifestText.render(out, r.manifest(), r.entry().manifestSha256());
            out.printf("  manifest %s%n", r.file());
            r.entry().manifestUri().ifPresent(u -> out.printf("  published %s%n", u));
        }
        out.flush();
    }
}
