package dev.skyrun.pipeline;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.SpecRecord;
import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseHistory;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.release.ReleaseNote;
import dev.skyrun.release.SloBreach;
import dev.skyrun.release.SloReading;
import dev.skyrun.release.SloSources;
import dev.skyrun.release.SloWatch;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.SloSpec;
import dev.skyrun.state.SloSampleRow;
import dev.skyrun.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code skyrun watch}: holds the current stable release of a name to the SLOs its recorded spec
 * names. Every reading is kept in state (so {@code --once} from cron counts consecutive failures
 * across invocations); on a breach the evidence is recorded on the release (which is then no
 * longer stable) and the stable release before it is re-run through the same path as
 * {@code skyrun rollback --previous}; the new release says it is an automatic rollback and why.
 * A dry run reads and judges but records and re-runs nothing.
 */
public final class ReleaseWatch {

    /** Re-runs a prepared release: the rollback command's path. */
    @FunctionalInterface
    public interface Rerun {
        PipelineLauncher.Result run(ReleaseRollback.Prepared release) throws IOException, InterruptedException;
    }

    /** How a watch ended. */
    public sealed interface Outcome {
        /** The release watched. */
        ReleaseEntry watched();
    }

    /** Every SLO was read as often as asked, and none was breached. */
    public record Healthy(ReleaseEntry watched) implements Outcome {}

    /**
     * An SLO was breached.
     *
     * @param watched the breached release
     * @param breach the SLO and the readings that breached it
     * @param target the release rolled back to
     * @param rollback the rollback's new release; empty in a dry run
     */
    public record Breached(ReleaseEntry watched, SloBreach breach, ReleaseEntry target,
            Optional<PipelineLauncher.Result> rollback) implements Outcome {}

    /** How many earlier readings of an SLO are read back from state to continue its count. */
    private static final int PRIOR = 500;

    private final StateStore state;
    private final CloudRegistry clouds;
    private final ReleaseLedger ledger;

    public ReleaseWatch(StateStore state, CloudRegistry clouds, ReleaseLedger ledger) {
        this.state = state;
        this.clouds = clouds;
        this.ledger = ledger;
    }

    /**
     * Watches the stable release of {@code name}.
     *
     * @param maxReadings read each SLO at most this often (0: until a breach)
     * @param dryRun read and judge only: record nothing, re-run nothing
     * @throws InvalidInputException when there is no stable release, its spec names no SLO, or
     *     there is no stable release before it to roll back to
     */
    public Outcome watch(String name, int maxReadings, boolean dryRun, SloWatch.Listener listener, Rerun rerun)
            throws IOException, InterruptedException {
        ReleaseHistory history = ledger.history(name);
        ReleaseEntry stable = history.stable().orElseThrow(() -> new InvalidInputException(
                "no stable release of " + name + " to watch; skyrun releases lists them"));
        Manifest m = ManifestJson.parse(ledger.manifestBytes(stable.release()));
        SpecRecord spec = m.spec().orElseThrow(() -> new InvalidInputException(stable.release()
                + " records no spec (it was fused from site manifests), so no SLOs"));
        PipelineSpec pipeline = ReleaseRollback.load(spec);
        if (pipeline.slos().isEmpty()) {
            throw new InvalidInputException(stable.release() + " has no slo: section in its spec " + spec.path()
                    + "; add one (see skyrun watch --help) and release again");
        }
        ReleaseEntry target = history.rollbackTarget(Optional.empty(), true);
        Optional<SloBreach> breach;
        try (SloSources sources = new SloSources(Path.of(spec.path()).toAbsolutePath().getParent())) {
            SloWatch watch = new SloWatch(pipeline.slos(), sources::read, prior(stable, pipeline.slos()),
                    (slo, r, failures) -> {
                        if (!dryRun) {
                            keep(stable, r);
                        }
                        listener.reading(slo, r, failures);
                    });
            breach = watch.run(maxReadings);
        }
        if (breach.isEmpty()) {
            return new Healthy(stable);
        }
        if (dryRun) {
            return new Breached(stable, breach.get(), target, Optional.empty());
        }
        SloBreach b = breach.get();
        ledger.note(stable.release(), new ReleaseNote(ReleaseNote.Kind.BREACHED, Instant.now(), ReleaseNote.WATCH,
                b.reason() + "; rolling back to " + target.release(), Optional.of(b.evidence())));
        PipelineLauncher.Result r = rerun.run(ReleaseRollback.prepare(state.home(), clouds, ledger, target));
        ledger.note(r.entry().release(), new ReleaseNote(ReleaseNote.Kind.AUTO_ROLLBACK, Instant.now(),
                ReleaseNote.WATCH, "automatic rollback of " + stable.release() + " to " + target.release() + ": "
                        + b.reason(), Optional.of(b.evidence())));
        return new Breached(stable, b, target, Optional.of(r));
    }

    private Map<String, List<SloReading>> prior(ReleaseEntry release, List<SloSpec> slos) {
        Map<String, List<SloReading>> out = new HashMap<>();
        for (SloSpec s : slos) {
            out.put(s.name(), state.releaseNotes().samples(release.release().name(), release.release().version(),
                    s.name(), PRIOR).stream().map(r -> new SloReading(r.slo(), r.at(), r.value(),
                    SloReading.Outcome.valueOf(r.outcome()), r.detail())).toList());
        }
        return out;
    }

    private void keep(ReleaseEntry release, SloReading r) {
        state.releaseNotes().sample(new SloSampleRow(release.release().name(), release.release().version(), r.slo(),
                r.at(), r.value(), r.outcome().name(), r.detail()));
    }
}
