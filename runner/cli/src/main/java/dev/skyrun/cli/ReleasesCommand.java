package dev.skyrun.cli;

import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseHistory;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.release.ReleaseNote;
import dev.skyrun.run.Session;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code skyrun releases [NAME]}: the release history, newest first, with the stable ones marked. */
@Command(
        name = "releases",
        description = {"List releases, newest first, and which one is stable.",
            "The fused manifests of pipeline runs: PROMOTED, REJECTED, HELD (a gate was INCONCLUSIVE: approve or"
                    + " reject it) or BREACHED (skyrun watch rolled it back), which one is stable (the baseline of the"
                    + " next run) and which are kept for rollback (release.keep_stable). Below a release, what happened"
                    + " to it since: who approved or rejected it and when, the SLO breach and its evidence."},
        subcommands = {ReleaseDecisionCommand.Approve.class, ReleaseDecisionCommand.Reject.class},
        footer = {"  skyrun releases", "  skyrun releases federated -o json", "  skyrun rollback --previous federated",
            "  skyrun releases approve federated@1.5.0 --reason 'recall within noise'",
            "  skyrun releases reject federated@1.5.0"})
final class ReleasesCommand implements Callable<Integer> {

    /**
     * One release as {@code releases} shows it.
     *
     * @param release {@code NAME@VERSION}
     * @param created ISO-8601 UTC
     * @param verdict PROMOTED, REJECTED, HELD or BREACHED: the manifest's verdict as the notes since changed it
     * @param manifestVerdict the verdict written in its manifest
     * @param stable {@code current} (the stable release), {@code kept} (kept for rollback) or {@code -}
     * @param rollbackOf the release it re-ran, for a rollback
     * @param runId the pipeline run that made it
     * @param manifestSha256 the sha256 of its manifest
     * @param manifestUri where its manifest was published
     * @param notes what happened to it since, oldest first
     * @param by who made it (or the rollback), {@code user@host}; empty for releases recorded before skyrun kept it
     */
    record ReleaseView(String release, String created, String verdict, String manifestVerdict, String stable,
            Optional<String> rollbackOf, Optional<String> runId, String manifestSha256, Optional<String> manifestUri,
            List<NoteView> notes, Optional<String> by) {

        static ReleaseView of(ReleaseHistory h, ReleaseEntry e, Map<String, String> makers) {
            String stable = h.stable().filter(s -> s.release().equals(e.release())).isPresent() ? "current"
                    : h.keptForRollback(e) ? "kept" : "-";
            return new ReleaseView(e.release().toString(), e.created().toString(), e.status().name(), e.verdict().name(),
                    stable, e.rollbackOf().map(Object::toString), e.runId(), e.manifestSha256(), e.manifestUri(),
                    e.notes().stream().map(NoteView::of).toList(),
                    Optional.ofNullable(makers.get(e.release().version())));
        }
    }

    /**
     * One note on a release.
     *
     * @param kind APPROVED, REJECTED, BREACHED or AUTO_ROLLBACK
     * @param at ISO-8601 UTC
     * @param actor who
     * @param reason why
     * @param evidence the values, queries and times behind it (JSON), for a breach
     */
    record NoteView(String kind, String at, String actor, String reason, Optional<com.fasterxml.jackson.databind.JsonNode> evidence) {
        static NoteView of(ReleaseNote n) {
            return new NoteView(n.kind().name(), n.at().toString(), n.actor(), n.reason(), n.evidence().map(JsonOutput::tree));
        }
    }

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this release name.")
    String name;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.openReadOnly(output.context().env())) {
            ReleaseLedger ledger = new ReleaseLedger(s.state().releases());
            List<ReleaseView> views = new ArrayList<>();
            for (String n : name == null ? ledger.names() : List.of(name)) {
                ReleaseHistory h = ledger.history(n);
                Map<String, String> makers = s.state().releases().makers(n);
                h.entries().forEach(e -> views.add(ReleaseView.of(h, e, makers)));
            }
            output.print(output.out(), views, ReleasesCommand::render);
            return ExitCode.OK;
        }
    }

    private static void render(PrintWriter out, List<ReleaseView> views) {
        if (views.isEmpty()) {
            out.println("no releases yet: skyrun launch PIPELINE.yaml records one per run");
            return;
        }
        out.printf("%-28s %-24s %-9s %-8s %-14s %-24s %s%n", "RELEASE", "CREATED", "VERDICT", "STABLE", "MANIFEST", "BY",
                "ROLLBACK OF");
        for (ReleaseView v : views) {
            out.printf("%-28s %-24s %-9s %-8s %-14s %-24s %s%n", v.release(), v.created(), v.verdict(), v.stable(),
                    v.manifestSha256().substring(0, 12), v.by().orElse("-"), v.rollbackOf().orElse(""));
            for (NoteView n : v.notes()) {
                out.printf("    %s %s by %s: %s%n", n.kind(), n.at(), n.actor(), n.reason());
            }
        }
    }
}
