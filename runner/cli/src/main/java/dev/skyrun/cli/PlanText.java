package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link PlanView} as stable, diffable text: fixed columns, no colours, no times,
 * so a plan can be pasted into a pull request and diffed later.
 */
final class PlanText {
    private static final String[] HEADER = {"#", "INFRA", "INSTANCE", "ACCELERATORS", "SPOT", "$/H NODE", "$/H TOTAL", "WHY"};

    private PlanText() {}

    static void render(PrintWriter out, PlanView view) {
        out.println("catalog: " + view.catalog() + " (sha256:" + view.catalogSha256().substring(0, 12) + ")");
        for (PlanView.TaskView t : view.tasks()) {
            out.println();
            out.println("task " + t.name() + ": " + t.nodes() + (t.nodes() == 1 ? " node" : " nodes")
                    + ", asks " + String.join(" | ", t.asked()));
            table(out, t.placements());
            enabledLine(t.placements()).ifPresent(out::println);
            if (t.placements().size() < t.feasible()) {
                out.println("  ... " + (t.feasible() - t.placements().size()) + " more (" + t.feasible()
                        + " feasible placements; --all lists every one)");
            }
            String looked = String.format(Locale.ROOT, "%,d", t.candidates()) + " candidate"
                    + (t.candidates() == 1 ? "" : "s");
            if (t.filteredOut().isEmpty()) {
                out.println("  filtered out: none of " + looked);
            } else {
                out.println("  filtered out (of " + looked + "):");
            }
            for (String reason : t.filteredOut()) {
                out.println("    " + reason);
            }
            t.budget().ifPresent(b -> out.println(b.line()));
        }
        if (!view.launchRefuses().isEmpty()) {
            out.println();
            out.println("launch refuses this spec:");
            view.launchRefuses().forEach(r -> out.println("  " + r));
        }
        out.flush();
    }

    /**
     * The placements as a table; their image as one line under it when they share one (the usual case), else as a
     * last column.
     */
    private static void table(PrintWriter out, List<PlanView.PlacementView> placements) {
        boolean oneImage = placements.stream().map(PlanView.PlacementView::image).distinct().count() <= 1;
        List<String[]> rows = new ArrayList<>();
        rows.add(oneImage ? HEADER : withImage(HEADER, "IMAGE"));
        for (PlanView.PlacementView p : placements) {
            String[] row = {
                Integer.toString(p.rank()),
                p.cloud() + "/" + p.region() + p.zone().map(z -> "/" + z).orElse(""),
                p.instanceType(),
                p.accelerators().orElse("-"),
                p.spot() ? "spot" : "-",
                money(p.pricePerNode()),
                money(p.pricePerHour()),
                p.why()
            };
            rows.add(oneImage ? row : withImage(row, p.image()));
        }
        java.io.StringWriter buffer = new java.io.StringWriter();
        Table.print(new PrintWriter(buffer), rows, Set.of(0, 5, 6));
        buffer.toString().lines().forEach(l -> out.println("  " + l));
        if (oneImage && !placements.isEmpty()) {
            out.println("  image: " + placements.get(0).image() + (placements.size() > 1 ? " (every placement above)" : ""));
        }
    }

    private static String[] withImage(String[] row, String image) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = image;
        return out;
    }

    /**
     * {@code   clouds: lambda enabled here; aws, gcp not enabled (no credentials configured: skyrun check
     * CLOUD); launch tries enabled clouds only}, for the clouds of the placements shown.
     */
    private static java.util.Optional<String> enabledLine(List<PlanView.PlacementView> placements) {
        java.util.SortedSet<String> on = new java.util.TreeSet<>();
        java.util.SortedSet<String> off = new java.util.TreeSet<>();
        placements.forEach(p -> (p.enabled() ? on : off).add(p.cloud()));
        if (off.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("  clouds: " + (on.isEmpty() ? "none" : String.join(", ", on)) + " enabled here; "
                + String.join(", ", off) + " not enabled (no credentials configured: skyrun check CLOUD);"
                + " launch tries enabled clouds only");
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, "%.4f", usd);
    }
}
