package dev.skyrun.cli;

import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.pipeline.ReleaseWatch;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.release.SloReading;
import dev.skyrun.run.Session;
import dev.skyrun.spec.Numbers;
import dev.skyrun.spec.SloSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun watch RELEASE}: holds the stable release to its SLOs and rolls it back on a breach. */
@Command(
        name = "watch",
        description = {"Hold the stable release to its SLOs and roll it back on a breach.",
            "Watches the current stable release of RELEASE in the foreground: reads each SLO of its recorded spec"
                    + " (slo: Prometheus query, HTTP JSON endpoint or JSON file) every interval. When an SLO fails its"
                    + " threshold for `failures` readings in a row, records the evidence (values, query, times) on the"
                    + " release and rolls back to the stable release before it, as skyrun rollback --previous does;"
                    + " skyrun releases shows the breach and the automatic rollback. Readings are kept in state, so"
                    + " --once from cron counts consecutive failures across runs."},
        footer = {"  skyrun watch federated                       until a breach (Ctrl-C stops it)",
            "  skyrun watch federated --once                one reading of each SLO (e.g. from cron each minute)",
            "  skyrun watch federated --max-readings 10 --dry-run -o json",
            "", "Exit codes: 0 no SLO breached, 4 an SLO breached and the release was rolled back (with --dry-run:",
            "would be), 1 breached but the rollback's release failed or was rejected, 2 no stable release, no slo:",
            "section or nothing to roll back to, 3 infrastructure, 130 interrupted."})
final class WatchCommand implements Callable<Integer> {

    /**
     * What a watch did.
     *
     * @param release the release watched, {@code NAME@VERSION}
     * @param outcome {@code healthy}, {@code breached} or {@code would-roll-back}
     * @param readings every reading taken
     * @param breach why it was breached
     * @param evidence the breach's evidence
     * @param rolledBackTo the release rolled back to
     * @param rollbackRelease the rollback's new release and its verdict
     */
    record WatchView(String release, String outcome, List<ReadingView> readings, Optional<String> breach,
            Optional<com.fasterxml.jackson.databind.JsonNode> evidence, Optional<String> rolledBackTo,
            Optional<String> rollbackRelease) {}

    /** One reading: SLO, time, value, PASS/FAIL/MISSING, consecutive failures, and what was read. */
    record ReadingView(String slo, String at, Optional<Double> value, String outcome, String failures, String detail) {}

    @Mixin
    OutputOptions output;

    @Mixin
    LaunchOptions launching;

    @Parameters(paramLabel = "RELEASE", description = "The release name (its current stable release is watched).")
    String release;

    @Option(names = "--once", description = "Read each SLO once, then exit (same as --max-readings 1).")
    boolean once;

    @Option(names = "--max-readings", paramLabel = "N", description = "Read each SLO at most N times, then exit (default: no bound).")
    int maxReadings;

    @Option(names = "--dry-run", description = "Read and judge only: record nothing, roll back nothing; say what it would do.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(output.context().env())) {
            ReleaseLedger ledger = new ReleaseLedger(s.state().releases(), Optional.of(PipelineRuns.releasesDir(s.state().home())));
            List<ReadingView> readings = new ArrayList<>();
            PrintWriter out = output.out();
            ReleaseWatch.Outcome o = new ReleaseWatch(s.state(), s.clouds(), ledger).watch(release, once ? 1 : maxReadings,
                    dryRun, (slo, r, failures) -> {
                        ReadingView v = view(slo, r, failures);
                        readings.add(v);
                        if (!output.json() && !output.quiet()) {
                            out.printf("%s %-20s %-7s %-10s %-5s %s%n", v.at(), v.slo(), v.outcome(),
                                    v.value().map(Numbers::text).orElse("-"), v.failures(), v.detail());
                            out.flush();
                        }
                    }, p -> RollbackCommand.rerun(s, p, launching, output, output.context().env()));
            WatchView view = view(o, readings);
            output.print(out, view, WatchCommand::render);
            return switch (o) {
                case ReleaseWatch.Healthy h -> ExitCode.OK;
                case ReleaseWatch.Breached b -> b.rollback().map(r -> r.manifest().promoted() ? ExitCode.BREACHED
                        : ExitCode.RUN_FAILED).orElse(ExitCode.BREACHED);
            };
        }
    }

    private static ReadingView view(SloSpec slo, SloReading r, int failures) {
        return new ReadingView(r.slo(), r.at().toString(), r.value(), r.outcome().name(), failures + "/" + slo.failures(),
                r.detail());
    }

    private static WatchView view(ReleaseWatch.Outcome o, List<ReadingView> readings) {
        String watched = o.watched().release().toString();
        return switch (o) {
            case ReleaseWatch.Healthy h -> new WatchView(watched, "healthy", readings, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            case ReleaseWatch.Breached b -> new WatchView(watched, b.rollback().isPresent() ? "breached" : "would-roll-back",
                    readings, Optional.of(b.breach().reason()), Optional.of(JsonOutput.tree(b.breach().evidence())),
                    Optional.of(b.target().release().toString()), b.rollback().map(WatchCommand::released));
        };
    }

    private static String released(PipelineLauncher.Result r) {
        return r.manifest().release() + " " + r.manifest().verdict();
    }

    private static void render(PrintWriter out, WatchView v) {
        switch (v.outcome()) {
            case "healthy" -> out.printf("%s: no SLO breached (%d readings)%n", v.release(), v.readings().size());
            case "would-roll-back" -> out.printf("%s: %s%n  dry run: would roll back to %s (nothing recorded)%n",
                    v.release(), v.breach().orElseThrow(), v.rolledBackTo().orElseThrow());
            default -> out.printf("%s: %s%n  rolled back to %s: new release %s%n", v.release(), v.breach().orElseThrow(),
                    v.rolledBackTo().orElseThrow(), v.rollbackRelease().orElseThrow());
        }
    }
}
