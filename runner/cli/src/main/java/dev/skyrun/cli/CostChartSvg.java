package dev.skyrun.cli;

import dev.skyrun.run.RunCost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The report's cost chart: what the runs had cost at each moment, summed over every attempt's
 * billed time at its price (a straight line between the moments an attempt started or stopped billing).
 */
final class CostChartSvg {

    private static final double HEIGHT = 180;
    private static final double LEFT = 70;
    private static final double TOP = 24;
    private static final double BOTTOM = 30;

    private CostChartSvg() {}

    static String render(ReportData data) {
        List<RunCost.AttemptCost> all = new ArrayList<>();
        data.runs().forEach(p -> all.addAll(p.cost().attempts()));
        Instant from = TimelineSvg.start(data);
        Instant to = TimelineSvg.end(data);
        Svg.Scale scale = Svg.Scale.of(from, to, LEFT, TimelineSvg.WIDTH - 16);
        TreeSet<Instant> moments = new TreeSet<>(List.of(from, to));
        all.forEach(c -> {
            moments.add(c.billedFrom());
            c.billedTo().ifPresent(moments::add);
        });
        double total = all.stream().mapToDouble(c -> spent(c, data.asOf(), data.asOf())).sum();
        double top = total > 0 ? total : 1;
        StringBuilder points = new StringBuilder();
        for (Instant t : moments) {
            double spent = all.stream().mapToDouble(c -> spent(c, t, data.asOf())).sum();
            points.append(Svg.n(scale.x(t))).append(',').append(Svg.n(y(spent, top))).append(' ');
        }
        return "<svg class=\"cost\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Svg.n(TimelineSvg.WIDTH)
                + "\" height=\"" + Svg.n(HEIGHT) + "\">" + scale.axis(TOP - 6, HEIGHT - BOTTOM)
                + "<line class=\"axis\" x1=\"" + Svg.n(LEFT) + "\" x2=\"" + Svg.n(TimelineSvg.WIDTH - 16) + "\" y1=\""
                + Svg.n(HEIGHT - BOTTOM) + "\" y2=\"" + Svg.n(HEIGHT - BOTTOM) + "\"/>"
                + "<text class=\"amount\" x=\"6\" y=\"" + Svg.n(TOP + 4) + "\">" + Svg.esc(Money.usd(total)) + "</text>"
                + "<text class=\"amount\" x=\"6\" y=\"" + Svg.n(HEIGHT - BOTTOM) + "\">$0</text>"
                + "<polyline class=\"spent\" points=\"" + points.toString().strip() + "\"/></svg>";
    }

    /** What attempt {@code c} had cost by {@code t}. */
    private static double spent(RunCost.AttemptCost c, Instant t, Instant asOf) {
        Instant end = c.billedTo().orElse(asOf);
        Instant upTo = t.isBefore(end) ? t : end;
        double hours = Math.max(0, upTo.toEpochMilli() - c.billedFrom().toEpochMilli()) / 3_600_000.0;
        return hours * c.pricePerHour();
    }

    private static double y(double spent, double top) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * spent / top;
    }
}
