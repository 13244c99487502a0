package dev.skyrun.cli;

import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.StageRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The report's stage graph of a pipeline: one box per stage in columns by depth of {@code needs}, arrows from what it needs. */
final class StageGraphSvg {

    private static final double BOX_W = 220;
    private static final double BOX_H = 58;
    private static final double GAP_X = 90;
    private static final double GAP_Y = 24;

    private StageGraphSvg() {}

    static String render(Manifest m, Map<String, List<String>> needs) {
        Map<String, Integer> depth = new HashMap<>();
        m.stages().forEach(s -> depth(s.name(), needs, depth, 0));
        Map<Integer, Integer> filled = new HashMap<>();
        Map<String, double[]> at = new HashMap<>();
        for (StageRecord s : m.stages()) {
            int col = depth.get(s.name());
            int row = filled.merge(col, 1, Integer::sum) - 1;
            at.put(s.name(), new double[] {20 + col * (BOX_W + GAP_X), 20 + row * (BOX_H + GAP_Y)});
        }
        StringBuilder edges = new StringBuilder();
        StringBuilder boxes = new StringBuilder();
        for (StageRecord s : m.stages()) {
            double[] p = at.get(s.name());
            for (String need : needs.getOrDefault(s.name(), List.of())) {
                double[] q = at.get(need);
                if (q != null) {
                    edges.append("<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M").append(Svg.n(q[0] + BOX_W)).append(' ')
                            .append(Svg.n(q[1] + BOX_H / 2)).append(" C").append(Svg.n(q[0] + BOX_W + GAP_X / 2)).append(' ')
                            .append(Svg.n(q[1] + BOX_H / 2)).append(' ').append(Svg.n(p[0] - GAP_X / 2)).append(' ')
                            .append(Svg.n(p[1] + BOX_H / 2)).append(' ').append(Svg.n(p[0] - 4)).append(' ')
                            .append(Svg.n(p[1] + BOX_H / 2)).append("\"/>");
                }
            }
            boxes.append(box(s, p[0], p[1], m));
        }
        double width = 40 + (depth.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1) * (BOX_W + GAP_X);
        double height = 40 + filled.values().stream().mapToInt(Integer::intValue).max().orElse(1) * (BOX_H + GAP_Y);
        return "<svg class=\"stages\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Svg.n(width) + "\" height=\""
                + Svg.n(height) + "\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 Z\"/></marker></defs>" + edges + boxes + "</svg>";
    }

    private static int depth(String stage, Map<String, List<String>> needs, Map<String, Integer> memo, int guard) {
        Integer known = memo.get(stage);
        if (known != null || guard > needs.size()) {
            return known == null ? 0 : known;
        }
        int d = 0;
        for (String need : needs.getOrDefault(stage, List.of())) {
            d = Math.max(d, 1 + depth(need, needs, memo, guard + 1));
        }
        memo.put(stage, d);
        return d;
    }

    private static String box(StageRecord s, double x, double y, Manifest m) {
        long passed = m.gates().stream().filter(g -> g.stage().equals(s.name()) && g.verdict() == dev.skyrun.gate.Verdict.PASS).count();
        long gates = m.gates().stream().filter(g -> g.stage().equals(s.name())).count();
        String cost = s.cost().map(c -> Money.usd(c.usd())).orElse("-");
        return "<g class=\"stage " + s.status().name().toLowerCase(java.util.Locale.ROOT) + "\" data-stage=\""
                + Svg.esc(s.name()) + "\"><rect x=\"" + Svg.n(x) + "\" y=\"" + Svg.n(y) + "\" width=\"" + Svg.n(BOX_W)
                + "\" height=\"" + Svg.n(BOX_H) + "\" rx=\"8\"/><text class=\"name\" x=\"" + Svg.n(x + 12) + "\" y=\""
                + Svg.n(y + 22) + "\">" + Svg.esc(s.name()) + "</text><text class=\"meta\" x=\"" + Svg.n(x + 12) + "\" y=\""
                + Svg.n(y + 42) + "\">" + Svg.esc(s.status().name() + " · gates " + passed + "/" + gates + " pass · " + cost)
                + "</text></g>";
    }
}
