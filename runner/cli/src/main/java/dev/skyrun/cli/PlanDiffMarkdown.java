package dev.skyrun.cli;

import dev.skyrun.review.Change;
import dev.skyrun.review.Status;
import dev.skyrun.review.UnitDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link PlanDiffView} as a pull-request comment: a heading, loosened gates as a warning,
 * one table of what changed, and per task the placements gained and lost in a collapsed list.
 */
final class PlanDiffMarkdown {

    private PlanDiffMarkdown() {}

    static void render(PrintWriter out, PlanDiffView view) {
        out.println("### skyrun plan --diff " + Markdown.code(view.after()));
        out.println();
        out.println("Compared with " + Markdown.code(view.before()) + " on catalog " + Markdown.escape(view.catalog())
                + " (sha256 " + Markdown.code(view.catalogSha256().substring(0, 12)) + ").");
        out.println();
        if (!view.changed()) {
            out.println("**No change**: every task plans the same.");
            out.flush();
            return;
        }
        if (view.loosened()) {
            out.println("> [!WARNING]");
            out.println("> **Gate loosened**: a gate lets more through than before.");
            view.loosenedGates().forEach(l -> out.println("> - " + Markdown.escape(l)));
            out.println();
        }
        List<String[]> rows = new ArrayList<>();
        for (UnitDiff t : view.tasks()) {
            String status = t.status().name().toLowerCase(Locale.ROOT);
            if (t.status() == Status.UNCHANGED) {
                rows.add(new String[] {Markdown.escape(t.name()), status, "", "", "", ""});
            }
            for (Change c : t.changes()) {
                rows.add(new String[] {Markdown.escape(t.name()), status, Markdown.escape(c.what()),
                    c.before().map(Markdown::escape).orElse(""), c.after().map(Markdown::escape).orElse(""),
                    c.note().map(n -> (c.loosened() ? "**" : "") + Markdown.escape(n) + (c.loosened() ? "**" : "")).orElse("")});
            }
        }
        Markdown.table(out, new String[] {"task", "status", "what", "before", "after", "note"}, rows);
        for (UnitDiff t : view.tasks()) {
            if (t.gained().isEmpty() && t.lost().isEmpty()) {
                continue;
            }
            Markdown.details(out, t.name() + ": " + t.gained().size() + " placements gained, " + t.lost().size() + " lost");
            List<String[]> list = new ArrayList<>();
            t.gained().forEach(k -> list.add(new String[] {"+", Markdown.escape(k)}));
            t.lost().forEach(k -> list.add(new String[] {"-", Markdown.escape(k)}));
            Markdown.table(out, new String[] {"", "placement"}, list);
            Markdown.endDetails(out);
        }
        out.flush();
    }
}
