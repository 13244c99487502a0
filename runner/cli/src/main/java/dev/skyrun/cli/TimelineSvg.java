package dev.skyrun.cli;

import dev.skyrun.run.RunCost;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * The report's timeline: one row per node of every attempt of every run, across placements, each
 * attempt a {@code <g class="attempt">} with its provisioning, its running (coloured by how it
 * ended) and the billed time after it ended while its nodes were removed; blocked placements are
 * marked where the controller blocked them.
 */
final class TimelineSvg {

    static final double WIDTH = 1100;
    private static final double LABEL = 300;
    private static final double ROW = 26;
    private static final double TOP = 28;

    private TimelineSvg() {}

    static String render(ReportData data) {
        Svg.Scale scale = Svg.Scale.of(start(data), end(data), LABEL, WIDTH - 16);
        StringBuilder rows = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        double y = TOP;
        for (ReportData.RunPart part : data.runs()) {
            for (AttemptRecord a : part.attempts()) {
                Optional<RunCost.AttemptCost> cost = part.cost().attempts().stream().filter(c -> c.attempt() == a.number())
                        .findFirst();
                int nodes = cost.map(RunCost.AttemptCost::nodes).orElse(1);
                rows.append(attempt(part, a, cost, nodes, y, scale, data.asOf()));
                for (EventRecord e : part.events()) {
                    if (e.kind().equals("BLOCKED") && e.attempt().equals(Optional.of(a.number()))) {
                        marks.append(blocked(e, scale.x(e.at()), y + nodes * ROW - 4));
                    }
                }
                y += nodes * ROW;
            }
            for (EventRecord e : part.events()) {
                if (e.kind().equals("BLOCKED") && e.attempt().isEmpty()) {
                    marks.append(blocked(e, scale.x(e.at()), TOP + 4));
                }
            }
        }
        double height = y + 8;
        return "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Svg.n(WIDTH) + "\" height=\""
                + Svg.n(height) + "\" viewBox=\"0 0 " + Svg.n(WIDTH) + " " + Svg.n(height) + "\">"
                + scale.axis(TOP - 6, height) + rows + marks + "</svg>";
    }

    static Instant start(ReportData data) {
        return data.runs().stream().map(p -> p.run().createdAt()).min(Instant::compareTo).orElse(data.asOf());
    }

    /** The last moment shown: the last end or billed moment, or now while something still runs or bills. */
    static Instant end(ReportData data) {
        Instant end = start(data);
        for (ReportData.RunPart p : data.runs()) {
            for (AttemptRecord a : p.attempts()) {
                Instant t = a.endedAt().orElse(data.asOf());
                end = t.isAfter(end) ? t : end;
            }
            for (RunCost.AttemptCost c : p.cost().attempts()) {
                Instant t = c.billedTo().orElse(data.asOf());
                end = t.isAfter(end) ? t : end;
            }
        }
        return end;
    }

    private static String attempt(ReportData.RunPart part, AttemptRecord a, Optional<RunCost.AttemptCost> cost, int nodes,
            double y, Svg.Scale scale, Instant asOf) {
        Instant from = cost.map(RunCost.AttemptCost::billedFrom).orElse(a.startedAt());
        Instant end = a.endedAt().orElse(asOf);
        Optional<Instant> submitted = part.events().stream().filter(e -> e.kind().equals("SUBMITTED")
                && e.attempt().equals(Optional.of(a.number()))).map(EventRecord::at).findFirst();
        Instant billedTo = cost.map(c -> c.billedTo().orElse(asOf)).orElse(end);
        String status = a.status().name();
        StringBuilder g = new StringBuilder("<g class=\"attempt\" data-run=\"" + Svg.esc(part.run().id()) + "\" data-attempt=\""
                + a.number() + "\" data-status=\"" + status + "\"><title>" + Svg.esc(part.label() + " attempt " + a.number()
                + " on " + a.placement() + ": " + status.toLowerCase(java.util.Locale.ROOT) + a.reason().map(r -> " (" + r + ")")
                .orElse("") + cost.map(c -> ", " + Money.usd(c.usd())).orElse("")) + "</title>");
        for (int node = 0; node < nodes; node++) {
            double top = y + node * ROW + 4;
            g.append("<text class=\"label\" x=\"6\" y=\"").append(Svg.n(top + 12)).append("\">")
                    .append(Svg.esc(part.label() + " #" + a.number() + " node " + node + "  " + a.placement()))
                    .append("</text>");
            Instant running = submitted.filter(s -> s.isBefore(end)).orElse(end);
            g.append(rect("bar prov", scale.x(from), scale.x(running), top));
            submitted.filter(s -> s.isBefore(end)).ifPresent(s -> g.append(rect("bar run " + status.toLowerCase(
                    java.util.Locale.ROOT), scale.x(s), scale.x(end), top)));
            if (billedTo.isAfter(end)) {
                g.append(rect("bar tail", scale.x(end), scale.x(billedTo), top));
            }
        }
        return g.append("</g>").toString();
    }

    private static String rect(String cls, double x1, double x2, double top) {
        return "<rect class=\"" + cls + "\" x=\"" + Svg.n(x1) + "\" y=\"" + Svg.n(top) + "\" width=\""
                + Svg.n(Math.max(2, x2 - x1)) + "\" height=\"" + Svg.n(ROW - 8) + "\" rx=\"3\"/>";
    }

    private static String blocked(EventRecord e, double x, double y) {
        return "<g class=\"blocked\"><path d=\"M" + Svg.n(x - 6) + " " + Svg.n(y) + " L" + Svg.n(x + 6) + " " + Svg.n(y)
                + " L" + Svg.n(x) + " " + Svg.n(y - 10) + " Z\"/><title>" + Svg.esc(e.message()) + "</title></g>";
    }
}
