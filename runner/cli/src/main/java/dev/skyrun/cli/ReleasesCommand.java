package dev.skyrun.cli;

import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseHistory;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.run.Session;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code skyrun releases [NAME]}: the release history, newest first, with the stable ones marked. */
@Command(
        name = "releases",
        description = {"List releases, newest first, and which one is stable.",
            "The fused manifests of pipeline runs: PROMOTED or REJECTED, which one is stable (the baseline of the"
                    + " next run) and which are kept for rollback (release.keep_stable)."},
        footer = {"  skyrun releases", "  skyrun releases federated -o json", "  skyrun rollback --previous federated"})
final class ReleasesCommand implements Callable<Integer> {

    /**
     * One release as {@code releases} shows it.
     *
     * @param release {@code NAME@VERSION}
     * @param created ISO-8601 UTC
     * @param verdict PROMOTED or REJECTED
     * @param stable {@code current} (the stable release), {@code kept} (kept for rollback) or {@code -}
     * @param rollbackOf the release it re-ran, for a rollback
     * @param runId the pipeline run that made it
     * @param manifestSha256 the sha256 of its manifest
     * @param manifestUri where its manifest was published
     */
    record ReleaseView(String release, String created, String verdict, String stable, Optional<String> rollbackOf,
            Optional<String> runId, String manifestSha256, Optional<String> manifestUri) {

        static ReleaseView of(ReleaseHistory h, ReleaseEntry e) {
            String stable = h.stable().filter(s -> s.release().equals(e.release())).isPresent() ? "current"
                    : h.keptForRollback(e) ? "kept" : "-";
            return new ReleaseView(e.release().toString(), e.created().toString(), e.verdict().name(), stable,
                    e.rollbackOf().map(Object::toString), e.runId(), e.manifestSha256(), e.manifestUri());
        }
    }

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this release name.")
    String name;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.openReadOnly(System.getenv())) {
            ReleaseLedger ledger = new ReleaseLedger(s.state().releases());
            List<ReleaseView> views = new ArrayList<>();
            for (String n : name == null ? ledger.names() : List.of(name)) {
                ReleaseHistory h = ledger.history(n);
                h.entries().forEach(e -> views.add(ReleaseView.of(h, e)));
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
        out.printf("%-28s %-24s %-9s %-8s %-14s %s%n", "RELEASE", "CREATED", "VERDICT", "STABLE", "MANIFEST", "ROLLBACK OF");
        for (ReleaseView v : views) {
            out.printf("%-28s %-24s %-9s %-8s %-14s %s%n", v.release(), v.created(), v.verdict(), v.stable(),
                    v.manifestSha256().substring(0, 12), v.rollbackOf().orElse(""));
        }
    }
}
