package dev.skyrun.cli;

import dev.skyrun.review.Change;
import dev.skyrun.review.ReleaseDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ReleaseDiff} as text (one line per difference) or as a Markdown table. */
final class ReleaseDiffText {

    private ReleaseDiffText() {}

    static void render(PrintWriter out, ReleaseDiff d) {
        out.println("diff " + d.before() + " -> " + d.after());
        if (!d.changed()) {
            out.println("no change");
        }
        List<String[]> rows = new ArrayList<>();
        for (Change c : d.changes()) {
            rows.add(new String[] {"  " + c.what(), c.before().orElse("(none)") + " -> " + c.after().orElse("(none)")});
        }
        Table.print(out, rows);
        out.flush();
    }

    static void markdown(PrintWriter out, ReleaseDiff d) {
        out.println("### skyrun diff " + Markdown.code(d.before()) + " → " + Markdown.code(d.after()));
        out.println();
        if (!d.changed()) {
            out.println("**No change.**");
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (Change c : d.changes()) {
            rows.add(new String[] {Markdown.escape(c.what()), c.before().map(Markdown::code).orElse(""),
                c.after().map(Markdown::code).orElse("")});
        }
        Markdown.table(out, new String[] {"what", d.before(), d.after()}, rows);
        out.flush();
    }
}
