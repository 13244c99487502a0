package dev.skyrun.cli;

import dev.skyrun.review.Change;
import dev.skyrun.review.Status;
import dev.skyrun.review.UnitDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link PlanDiffView} as stable text: per task or stage what moved, before {@code ->}
 * after, loosened gates marked {@code LOOSENED}, then the placements gained ({@code +}) and lost
 * ({@code -}), at most {@value #SHOWN} of each.
 */
final class PlanDiffText {
    static final int SHOWN = 10;

    private PlanDiffText() {}

    static void render(PrintWriter out, PlanDiffView view) {
        out.println("plan diff: " + view.before() + " -> " + view.after() + "  (catalog " + view.catalog()
                + ", sha256:" + view.catalogSha256().substring(0, 12) + ")");
        if (!view.changed()) {
            out.println("no change");
            out.flush();
            return;
        }
        for (UnitDiff t : view.tasks()) {
            out.println();
            out.println("task " + t.name() + ": " + t.status().name().toLowerCase(Locale.ROOT));
            if (t.status() == Status.UNCHANGED) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            for (Change c : t.changes()) {
                rows.add(new String[] {"  " + c.what(), c.before().orElse("(none)") + " -> " + c.after().orElse("(none)")
                        + c.note().map(n -> (c.loosened() ? "   LOOSENED: " : "   ") + n.replaceFirst("^loosened: ", "")).orElse("")});
            }
            Table.print(out, rows);
            placements(out, "gained", "+", t.gained());
            placements(out, "lost", "-", t.lost());
        }
        List<String> loosened = view.loosenedGates();
        out.println();
        out.println(view.loosened() ? "LOOSENED gates: " + String.join("; ", loosened) : "no gate loosened");
        out.flush();
    }

    private static void placements(PrintWriter out, String what, String sign, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        out.println("  placements " + what + " (" + keys.size() + "):");
        keys.stream().limit(SHOWN).forEach(k -> out.println("    " + sign + " " + k));
        if (keys.size() > SHOWN) {
            out.println("    ... " + (keys.size() - SHOWN) + " more (-o json lists every one)");
        }
    }
}
