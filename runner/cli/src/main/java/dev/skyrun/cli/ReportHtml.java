package dev.skyrun.cli;

import dev.skyrun.gate.GateResult;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.run.RunCost;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import java.util.Locale;

/**
 * {@code skyrun report} as one self-contained HTML page: inline CSS and SVG, no script, nothing
 * fetched. A summary, the timeline of every attempt per node ({@link TimelineSvg}), the cost over
 * time ({@link CostChartSvg}), the ledger, what was blocked, and for a release the stage graph
 * with gate verdicts and the artifacts with their digests.
 */
final class ReportHtml {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d2330;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #e3e6ee;padding-bottom:4px}
            .sub{color:#5b6475}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}
            .card{border:1px solid #e3e6ee;border-radius:8px;padding:8px 14px;min-width:130px}
            .card b{display:block;font-size:18px}.card span{color:#5b6475;font-size:12px}
            table{border-collapse:collapse;font-size:13px}td,th{padding:4px 10px;border-bottom:1px solid #eef0f5;text-align:left}
            th{color:#5b6475;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
            .legend span{display:inline-block;margin-right:14px;font-size:12px}
            .legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-2px}
            svg text{font:11px system-ui,sans-serif;fill:#1d2330}svg .tick{fill:#8a93a5;text-anchor:middle}svg .amount{fill:#5b6475}
            svg .label{fill:#1d2330}svg .grid{stroke:#eef0f5}svg .axis{stroke:#c5cad6}
            .prov,.l-prov{fill:#9db4d8;background:#9db4d8}.succeeded,.l-succeeded{fill:#2e9e5b;background:#2e9e5b}
            .preempted,.l-preempted{fill:#f29d38;background:#f29d38}.failed,.l-failed{fill:#d64545;background:#d64545}
            .infra_failed{fill:#8a93a5}.budget_exceeded,.l-budget{fill:#8e5bd6;background:#8e5bd6}
            .running,.recovering,.l-running{fill:#3d7fe0;background:#3d7fe0}.cancelled,.interrupted{fill:#5b6475}
            .tail,.l-tail{fill:#c5cad6;background:#c5cad6}.blocked path,.l-blocked{fill:#d64545;background:#d64545}
            svg .spent{fill:none;stroke:#2e9e5b;stroke-width:2}
            svg .stage rect{fill:#f6f8fb;stroke:#c5cad6}svg .stage.succeeded rect{stroke:#2e9e5b;stroke-width:2}
            svg .stage.failed rect{stroke:#d64545;stroke-width:2}svg .stage .name{font-weight:600;font-size:13px}
            svg .stage .meta{fill:#5b6475}svg .edge{fill:none;stroke:#8a93a5;stroke-width:1.5}
            .PASS{color:#2e9e5b;font-weight:600}.FAIL,.MISSING{color:#d64545;font-weight:600}.INCONCLUSIVE{color:#f29d38}
            """;

    private ReportHtml() {}

    static String render(ReportData data) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>skyrun "
                + Svg.esc(data.title()) + "</title><style>" + CSS + "</style></head><body>");
        h.append("<h1>skyrun ").append(Svg.esc(data.title())).append("</h1><div class=\"sub\">as of ")
                .append(data.asOf()).append(" (UTC)</div>");
        cards(h, data);
        h.append("<h2>Timeline</h2><div class=\"legend\"><span><i class=\"l-prov\"></i>provisioning</span>")
                .append("<span><i class=\"l-running\"></i>running</span><span><i class=\"l-succeeded\"></i>succeeded</span>")
                .append("<span><i class=\"l-preempted\"></i>preempted</span><span><i class=\"l-failed\"></i>failed</span>")
                .append("<span><i class=\"l-budget\"></i>budget exceeded</span><span><i class=\"l-tail\"></i>billed while")
                .append(" being removed</span><span><i class=\"l-blocked\"></i>blocked placement</span></div>")
                .append(TimelineSvg.render(data));
        h.append("<h2>Cost over time</h2>").append(CostChartSvg.render(data));
        ledger(h, data);
        blocked(h, data);
        data.release().ifPresent(m -> release(h, m, data));
        return h.append("</body></html>\n").toString();
    }

    private static void cards(StringBuilder h, ReportData data) {
        double total = data.runs().stream().mapToDouble(p -> p.cost().totalUsd()).sum();
        double lost = data.runs().stream().mapToDouble(p -> p.cost().lostUsd()).sum();
        int attempts = data.runs().stream().mapToInt(p -> p.attempts().size()).sum();
        String status = data.release().map(m -> m.verdict().name())
                .orElseGet(() -> data.runs().isEmpty() ? "-" : data.runs().get(0).run().status().name());
        h.append("<div class=\"cards\">");
        card(h, status, data.release().isPresent() ? "verdict" : "status");
        card(h, Money.usd(total), "cost" + (data.runs().stream().anyMatch(p -> p.cost().billing()) ? " (still billing)" : ""));
        card(h, Money.usd(lost), "lost to preemptions and failures");
        card(h, Integer.toString(attempts), "attempts");
        if (data.release().isEmpty()) {
            data.runs().get(0).cost().estimate().ifPresent(e -> card(h, Money.perHour(e.pricePerHour()), "planned on "
                    + e.infra()));
        }
        h.append("</div>");
    }

    private static void card(StringBuilder h, String value, String what) {
        h.append("<div class=\"card\"><b>").append(Svg.esc(value)).append("</b><span>").append(Svg.esc(what))
                .append("</span></div>");
    }

    private static void ledger(StringBuilder h, ReportData data) {
        h.append("<h2>Cost ledger</h2><table class=\"ledger\"><tr><th>run</th><th>#</th><th>placement</th><th>ending</th>")
                .append("<th>nodes</th><th>$/h</th><th>price source</th><th>billed</th><th>cost</th></tr>");
        for (ReportData.RunPart p : data.runs()) {
            for (AttemptRecord a : p.attempts()) {
                RunCost.AttemptCost c = p.cost().attempts().stream().filter(x -> x.attempt() == a.number()).findFirst()
                        .orElse(null);
                h.append("<tr><td>").append(Svg.esc(p.label())).append("</td><td>").append(a.number()).append("</td><td>")
                        .append(Svg.esc(a.placement())).append("</td><td>").append(Svg.esc(a.status().name()
                                .toLowerCase(Locale.ROOT))).append("</td>");
                if (c == null) {
                    h.append("<td colspan=\"5\">not billed</td></tr>");
                    continue;
                }
                h.append("<td class=\"num\">").append(c.nodes()).append("</td><td class=\"num\">")
                        .append(Money.perHour(c.pricePerHour())).append("</td><td>").append(Svg.esc(c.priceSource()))
                        .append(" at ").append(c.pricedAt()).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.1f s", c.billedSeconds())).append(c.billedTo().isEmpty()
                                ? " (still billing)" : "").append("</td><td class=\"num\">").append(Money.usd(c.usd()))
                        .append("</td></tr>");
            }
        }
        h.append("</table>");
    }

    private static void blocked(StringBuilder h, ReportData data) {
        StringBuilder rows = new StringBuilder();
        for (ReportData.RunPart p : data.runs()) {
            for (EventRecord e : p.events()) {
                if (e.kind().equals("BLOCKED")) {
                    rows.append("<tr><td>").append(Svg.esc(p.label())).append("</td><td>")
                            .append(e.attempt().map(String::valueOf).orElse("-")).append("</td><td>")
                            .append(Svg.esc(e.message())).append("</td></tr>");
                }
            }
        }
        if (!rows.isEmpty()) {
            h.append("<h2>Blocked placements</h2><table><tr><th>run</th><th>after attempt</th><th>what and why</th></tr>")
                    .append(rows).append("</table>");
        }
    }

    private static void release(StringBuilder h, Manifest m, ReportData data) {
        h.append("<h2>Stages</h2>").append(StageGraphSvg.render(m, data.needs()));
        h.append("<h2>Gates</h2><table><tr><th>stage</th><th>gate</th><th>verdict</th><th>why</th></tr>");
        for (GateResult g : m.gates()) {
            h.append("<tr><td>").append(Svg.esc(g.stage())).append("</td><td>").append(Svg.esc(g.name()))
                    .append("</td><td class=\"").append(g.verdict().name()).append("\">").append(g.verdict().name())
                    .append("</td><td>").append(Svg.esc(g.reason())).append("</td></tr>");
        }
        h.append("</table><h2>Artifacts</h2><table><tr><th>artifact</th><th>sha256</th><th>size</th><th>uri</th></tr>");
        for (ArtifactEntry a : m.artifacts()) {
            h.append("<tr class=\"artifact\"><td>").append(Svg.esc(a.id())).append("</td><td><code>")
                    .append(a.digest().sha256()).append("</code></td><td class=\"num\">")
                    .append(Svg.esc(ManifestText.bytes(a.digest().size()))).append("</td><td><code>").append(Svg.esc(a.uri()))
                    .append("</code></td></tr>");
        }
        h.append("</table>");
    }
}
