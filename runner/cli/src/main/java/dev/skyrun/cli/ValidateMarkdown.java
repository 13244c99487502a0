package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code validate}'s result as a pull-request comment: a verdict line, a table of the
 * problems with {@code FILE:LINE:COL} linked to their lines, and every file checked in a collapsed list.
 */
final class ValidateMarkdown {

    private ValidateMarkdown() {}

    static void render(PrintWriter out, ValidateCommand.ValidateView view, String linkBase) {
        out.println("### skyrun validate");
        out.println();
        int problems = view.results().stream().mapToInt(r -> r.problems().size()).sum();
        out.println(view.valid() ? "**All " + view.files() + " spec files are valid.**"
                : "**" + view.invalid() + " of " + view.files() + " spec files invalid, " + problems
                        + (problems == 1 ? " problem.**" : " problems.**"));
        if (problems > 0) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            for (ValidateCommand.FileResult r : view.results()) {
                for (ValidateCommand.ProblemView p : r.problems()) {
                    rows.add(new String[] {Markdown.lineLink(linkBase, p.file(), p.line(), p.column()),
                        Markdown.escape(p.message()), p.hint().map(Markdown::escape).orElse("")});
                }
            }
            Markdown.table(out, new String[] {"where", "problem", "fix"}, rows);
        }
        Markdown.details(out, view.files() + " files checked");
        List<String[]> files = new ArrayList<>();
        for (ValidateCommand.FileResult r : view.results()) {
            files.add(new String[] {Markdown.lineLink(linkBase, r.file(), 0, 0), r.valid() ? "ok" : "invalid",
                Markdown.escape(r.kind().orElse("")), Markdown.escape(r.name().orElse(""))});
        }
        Markdown.table(out, new String[] {"file", "result", "kind", "name"}, files);
        Markdown.endDetails(out);
        out.flush();
    }
}
