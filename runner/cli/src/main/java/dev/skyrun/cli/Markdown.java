package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The pieces of GitHub-flavoured Markdown the {@code -o markdown} renderers share: tables with
 * escaped cells, collapsed sections ({@code <details>}) and links to a file's line.
 *
 * <p>{@code SKYRUN_LINK_BASE} (e.g. {@code https://github.com/acme/specs/blob/<sha>/}) makes
 * {@code FILE:LINE:COL} a link to that line; without it the link is relative to the repository.
 */
final class Markdown {

    private Markdown() {}

    /** A table: the header row, then the rows; cells escaped. */
    static void table(PrintWriter out, String[] header, List<String[]> rows) {
        out.println(row(header));
        out.println("|" + "---|".repeat(header.length));
        rows.forEach(r -> out.println(row(r)));
    }

    /** Opens a collapsed section; close it with {@link #endDetails}. */
    static void details(PrintWriter out, String summary) {
        out.println();
        out.println("<details><summary>" + html(summary) + "</summary>");
        out.println();
    }

    static void endDetails(PrintWriter out) {
        out.println();
        out.println("</details>");
    }

    /** {@code text} as code; backticks in it are kept apart. */
    static String code(String text) {
        return text.contains("`") ? "``" + text.replace("|", "\\|") + " ``" : "`" + text.replace("|", "\\|") + "`";
    }

    /** {@code FILE:LINE:COL} as a link to the line ({@code #L12}), under {@code base} when given. */
    static String lineLink(String base, String file, int line, int column) {
        String clean = file.startsWith("./") ? file.substring(2) : file;
        String text = clean + (line > 0 ? ":" + line + ":" + column : "");
        String target = base + clean.replace(" ", "%20") + (line > 0 ? "#L" + line : "");
        return "[" + escape(text) + "](" + target.replace(")", "%29") + ")";
    }

    /** The link base: {@code SKYRUN_LINK_BASE}, with a trailing slash; empty when unset. */
    static String linkBase(java.util.Map<String, String> env) {
        String base = env.getOrDefault("SKYRUN_LINK_BASE", "").strip();
        return base.isEmpty() || base.endsWith("/") ? base : base + "/";
    }

    /** Text that is safe in a table cell: pipes escaped, line breaks flattened, HTML and emphasis inert. */
    static String escape(String text) {
        return html(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`").replace("\r", "").replace("\n", " ");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String row(String[] cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c).append(" |");
        }
        return b.toString();
    }
}
