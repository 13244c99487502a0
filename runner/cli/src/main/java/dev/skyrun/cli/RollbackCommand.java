package dev.skyrun.cli;

import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.pipeline.PipelineLauncher;
import dev.skyrun.pipeline.PipelineRuns;
import dev.skyrun.pipeline.ReleaseRollback;
import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseHistory;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.review.ReleaseDiff;
import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyrun rollback}: re-runs exactly the spec text and image digests a release recorded. */
@Command(
        name = "rollback",
        description = {"Re-run a release exactly as recorded.",
            "Its spec text (not the file as it is now), its image digests (not tags) and the contract digests it"
                    + " was built against (compat gates). Every recorded sha256 is checked first (manifest, spec text,"
                    + " each artifact in the run's store); a difference stops the rollback with exit 2 naming what"
                    + " changed. The re-run is a new release that says which release it rolled back to."},
        footer = {"  skyrun rollback federated@1.4.0", "  skyrun rollback --previous", "  skyrun rollback --previous federated",
            "  skyrun rollback federated@1.4.0 --dry-run     what it would change (skyrun diff), nothing run",
            "", "Exit codes: 0 the re-run was promoted, 1 it was rejected or a stage failed, 2 a recorded digest differs",
            "or no such release, 3 infrastructure."})
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "RELEASE", description = "NAME@VERSION, or with --previous the release NAME.")
    String release;

    @Option(names = "--previous", description = "Roll back to the stable release before the current one.")
    boolean previous;

    @Option(names = "--dry-run", description = "Show what the rollback changes (skyrun diff CURRENT TARGET) and run nothing.")
    boolean dryRun;

    @Mixin
    LaunchOptions launching;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(output.context().env())) {
            ReleaseLedger ledger = new ReleaseLedger(s.state().releases(), Optional.of(PipelineRuns.releasesDir(s.state().home())));
            ReleaseHistory history = ledger.history(releaseName(ledger));
            ReleaseEntry target = history.rollbackTarget(Optional.ofNullable(release).filter(r -> !previous), previous);
            if (dryRun) {
                Manifest current = history.stable().map(e -> ManifestJson.parse(ledger.manifestBytes(e.release())))
                        .orElseThrow(() -> new InvalidInputException("no stable release of " + history.name()));
                return DiffCommand.print(output, output.out(), ReleaseDiff.between(current,
                        ManifestJson.parse(ledger.manifestBytes(target.release()))));
            }
            PipelineLauncher.Result r = rerun(s, ReleaseRollback.prepare(s.state().home(), s.clouds(), ledger, target),
                    launching, output, output.context().env());
            PipelineResults.print(output, output.out(), r);
            return r.manifest().promoted() ? ExitCode.OK : ExitCode.RUN_FAILED;
        }
    }

    /**
     * Re-runs a prepared release as a new release: the one path of {@code rollback} and of
     * {@code watch}'s rollback; secrets not given on the command line come from {@code env}.
     */
    static PipelineLauncher.Result rerun(Session s, ReleaseRollback.Prepared p, LaunchOptions launching,
            OutputOptions output, Map<String, String> env) throws IOException, InterruptedException {
        if (!output.quiet()) {
            output.err().printf("skyrun: rolling back to %s: spec sha256 %s, images %s%n", p.target().release(),
                    p.spec().sha256().substring(0, 12), new java.util.TreeSet<>(p.recorded().images().values()));
        }
        LaunchPlanner planner = launching.planner(s, Optional.of(p.pipeline()), new Location(p.spec().path(), 0, 0),
                Optional.empty());
        return new PipelineLaunch(s, planner, output, env).run(p.pipeline(), Path.of(p.spec().path()), p.spec().text(),
                launching.givenSecrets(), p.recorded());
    }

    private String releaseName(ReleaseLedger ledger) {
        if (release != null) {
            return previous ? release : ReleaseId.parse(release).name();
        }
        List<String> names = ledger.names();
        if (names.size() != 1) {
            throw new InvalidInputException(Problem.of(new Location("releases", 0, 0), names.isEmpty()
                    ? "there are no releases to roll back to" : "several release names exist: " + names,
                    "name one: skyrun rollback --previous NAME, or skyrun rollback NAME@VERSION"));
        }
        return names.get(0);
    }
}
