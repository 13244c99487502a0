package dev.skyrun.cli;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.pipeline.PipelineEvent;
import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.run.Planner;
import dev.skyrun.run.RunListener;
import dev.skyrun.run.Session;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.state.EventRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a pipeline spec from the CLI ({@code skyrun launch PIPELINE.yaml}, {@code skyrun rollback})
 * through core's {@link PipelineRuns} and renders what it says: stage events on stderr, job lines
 * each prefixed with its stage.
 */
final class PipelineLaunch implements PipelineRuns.Listener {

    private final PipelineRuns runs;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final Map<String, String> env;

    /**
     * A pipeline launch printing as {@code output} says: nothing but errors with {@code --quiet} or
     * {@code -o json}; its stages' secrets not given on the command line come from {@code env}.
     */
    PipelineLaunch(Session session, Planner planner, OutputOptions output, Map<String, String> env) {
        this.runs = new PipelineRuns(session, planner, this);
        this.out = output.out();
        this.err = output.err();
        this.quiet = output.quiet() || output.json();
        this.env = env;
    }

    /** Runs the pipeline; {@code recorded} is {@link PipelineRuns.Recorded#NONE} but for a rollback. */
    PipelineLauncher.Result run(PipelineSpec pipeline, Path file, String text, Map<String, String> givenSecrets,
            PipelineRuns.Recorded recorded) throws IOException, InterruptedException {
        return runs.run(pipeline, file, text, givenSecrets, env, recorded);
    }

    /** Asks every stage's controller, and any started later, to stop what it started (Ctrl-C). */
    void interrupt() {
        runs.interrupt();
    }

    @Override
    public void started(String name, String runId, int stages, String storeUri) {
        if (!quiet) {
            synchronized (err) {
                err.printf("skyrun: pipeline %s run %s: %d stages, outputs in %s%n", name, runId, stages, storeUri);
                err.flush();
            }
        }
    }

    @Override
    public void event(PipelineEvent e) {
        if (!quiet) {
            synchronized (err) {
                String kind = e.kind().name().toLowerCase(java.util.Locale.ROOT);
                err.printf("skyrun: [%s] %s%n", e.stage(), e.message().equals(kind) ? kind : kind + ": " + e.message());
                err.flush();
            }
        }
    }

    @Override
    public RunListener stage(String stage) {
        return new RunListener() {
            @Override
            public void event(EventRecord e) {
                if (!quiet) {
                    synchronized (err) {
                        err.println("skyrun: [" + stage + "] " + RunViews.event(e));
                        err.flush();
                    }
                }
            }

            @Override
            public void log(LogLine line) {
                if (!quiet) {
                    PrintWriter w = line.stderr() ? err : out;
                    synchronized (w) {
                        w.println("(" + stage + ") " + line.text());
                        w.flush();
                    }
                }
            }
        };
    }
}
