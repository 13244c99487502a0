package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link PlanView} as a pull-request comment: per task a table of the first
 * {@value #TOP} placements, then every placement the view holds and the filters in a collapsed list.
 */
final class PlanMarkdown {
    static final int TOP = 5;
    private static final String[] HEADER = {"#", "infra", "instance", "accelerators", "spot", "$/h node", "$/h total", "why", "image"};

    private PlanMarkdown() {}

    static void render(PrintWriter out, PlanView view) {
        out.println("### skyrun plan");
        out.println();
        out.println("Catalog " + Markdown.escape(view.catalog()) + " (sha256 " + Markdown.code(view.catalogSha256().substring(0, 12)) + ").");
        for (PlanView.TaskView t : view.tasks()) {
            out.println();
            out.println("#### " + Markdown.escape(t.name()) + ": " + t.nodes() + (t.nodes() == 1 ? " node" : " nodes")
                    + ", asks " + Markdown.escape(String.join(" | ", t.asked())));
            out.println();
            Markdown.table(out, HEADER, rows(t.placements().subList(0, Math.min(TOP, t.placements().size()))));
            t.budget().ifPresent(b -> {
                out.println();
                out.println("**" + Markdown.escape(b.line().strip()) + "**");
            });
            Markdown.details(out, "All " + t.placements().size() + " listed placements (" + t.feasible() + " feasible, "
                    + String.format(Locale.ROOT, "%,d", t.candidates()) + " candidates) and filters");
            Markdown.table(out, HEADER, rows(t.placements()));
            out.println();
            t.filteredOut().forEach(r -> out.println("- " + Markdown.escape(r)));
            Markdown.endDetails(out);
        }
        if (!view.launchRefuses().isEmpty()) {
            out.println();
            out.println("**launch refuses this spec:**");
            view.launchRefuses().forEach(r -> out.println("- " + Markdown.escape(r)));
        }
        out.flush();
    }

    private static List<String[]> rows(List<PlanView.PlacementView> placements) {
        List<String[]> rows = new ArrayList<>();
        for (PlanView.PlacementView p : placements) {
            rows.add(new String[] {Integer.toString(p.rank()),
                Markdown.escape(p.cloud() + "/" + p.region() + p.zone().map(z -> "/" + z).orElse("")),
                Markdown.escape(p.instanceType()), Markdown.escape(p.accelerators().orElse("-")), p.spot() ? "spot" : "-",
                PlanText.money(p.pricePerNode()), PlanText.money(p.pricePerHour()),
                Markdown.escape(p.why()), Markdown.code(p.image())});
        }
        return rows;
    }
}
