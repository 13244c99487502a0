package dev.skyrun.cli;

import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.run.RunCost;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.SafeYaml;
import dev.skyrun.spec.YamlDocument;
import dev.skyrun.spec.YamlLimits;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code skyrun report} shows, read from the state: the runs (one, or a release's stage runs)
 * with their attempts, events and cost ledger, and for a release its verified manifest and the
 * stage graph ({@code needs}) of the spec it records.
 *
 * @param title what the report is of ({@code run train-3f2a1c}, {@code release federated@1.4.0})
 * @param runs the runs shown, in order
 * @param release the release's manifest, for a release
 * @param needs stage name to the stages it needs, for a release
 * @param asOf when attempts still billing were counted to
 */
record ReportData(String title, List<ReportData.RunPart> runs, Optional<Manifest> release, Map<String, List<String>> needs,
        Instant asOf) {

    /**
     * One run of the report.
     *
     * @param label the stage it ran, or the run's name
     * @param run its row
     * @param attempts its attempts
     * @param events its event log
     * @param cost its cost ledger
     */
    record RunPart(String label, RunRecord run, List<AttemptRecord> attempts, List<EventRecord> events, RunCost cost) {}

    /** The report of a run ({@code RUN}: id or name) or of a release ({@code NAME@VERSION}). */
    static ReportData read(StateStore state, String what, Instant now) {
        if (what.contains("@")) {
            return release(state, ReleaseId.parse(what), now);
        }
        RunRecord r = state.runs().find(what).orElseThrow(() -> new InvalidInputException("no run '" + what
                + "'; skyrun status lists runs, skyrun releases lists releases (NAME@VERSION)"));
        return new ReportData("run " + r.id(), List.of(part(state, r.name(), r, now)), Optional.empty(), Map.of(), now);
    }

    private static ReportData release(StateStore state, ReleaseId id, Instant now) {
        Manifest m = ManifestJson.parse(new ReleaseLedger(state.releases()).manifestBytes(id));
        List<RunPart> runs = new ArrayList<>();
        for (StageRecord s : m.stages()) {
            s.cost().flatMap(c -> state.runs().find(c.runId())).ifPresent(r -> runs.add(part(state, s.name(), r, now)));
        }
        return new ReportData("release " + id, runs, Optional.of(m), needs(m), now);
    }

    private static RunPart part(StateStore state, String label, RunRecord r, Instant now) {
        return new RunPart(label, r, state.runs().attempts(r.id()), state.events(r.id(), 0), RunCost.of(state, r.id(), now));
    }

    /** Each stage's {@code needs}, from the pipeline spec the manifest records (a spec without stages: none). */
    private static Map<String, List<String>> needs(Manifest m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.stages().forEach(s -> out.put(s.name(), new ArrayList<>()));
        if (m.spec().isEmpty()) {
            return out;
        }
        for (YamlDocument d : SafeYaml.parse(m.spec().get().text(), m.spec().get().path(), YamlLimits.DEFAULT)) {
            for (var stage : d.root().path("stages")) {
                String name = stage.path("name").asText();
                stage.path("needs").forEach(n -> out.computeIfAbsent(name, k -> new ArrayList<>()).add(n.asText()));
                if (stage.path("needs").isTextual()) {
                    out.computeIfAbsent(name, k -> new ArrayList<>()).add(stage.path("needs").asText());
                }
            }
        }
        return out;
    }
}
