package dev.skyrun.cli;

import dev.skyrun.run.CostTotals;
import dev.skyrun.run.Session;
import dev.skyrun.schema.InvalidInputException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyrun cost}: what runs cost, summed by run, task name, cloud, release or day, from the cost ledger. */
@Command(
        name = "cost",
        description = {"Show what runs cost, summed by run, task, cloud, release or day.",
            "From the cost ledger: each attempt's nodes billed from the start of their provisioning to their verified"
                    + " termination at the price the attempt launched at, summed by run, task name, cloud, release or"
                    + " UTC day. Nodes still running are counted to now (marked *)."},
        footer = {"  skyrun cost", "  skyrun cost --by cloud --since 7d", "  skyrun cost --by release -o json",
            "  skyrun cost --by day --since 2026-12-01"})
final class CostCommand implements Callable<Integer> {

    /**
     * The totals as shown.
     *
     * @param by what they are summed by
     * @param since the start of the time counted, when given
     * @param asOf when nodes still running were counted to
     * @param rows one total per run, task, cloud, release or day
     * @param totalUsd the sum of the rows
     */
    record CostTotalsView(String by, Optional<Instant> since, Instant asOf, List<CostTotals.Row> rows, double totalUsd) {}

    @Mixin
    OutputOptions output;

    @Option(names = "--by", paramLabel = "KEY", defaultValue = "run",
            description = "Sum by run, task, cloud, release or day (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only what was billed since WHEN: a UTC date (2026-12-01), an instant (2026-12-01T09:00:00Z)"
                    + " or a span back from now (30m, 24h, 7d).")
    String since;

    @Override
    public Integer call() throws Exception {
        CostTotals.Key key = key(by);
        Instant now = Instant.now();
        Optional<Instant> from = Optional.ofNullable(since).map(s -> since(s, now));
        try (Session s = Session.openReadOnly(output.context().env())) {
            List<CostTotals.Row> rows = CostTotals.totals(CostTotals.slices(s.state(), from.orElse(Instant.EPOCH), now), key);
            double total = rows.stream().mapToDouble(CostTotals.Row::usd).sum();
            output.print(output.out(), new CostTotalsView(key.label(), from, now, rows, total),
                    CostCommand::render);
            return ExitCode.OK;
        }
    }

    static CostTotals.Key key(String by) {
        for (CostTotals.Key k : CostTotals.Key.values()) {
            if (k.label().equals(by.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InvalidInputException("--by " + by + ": expected one of run, task, cloud, release, day");
    }

    /** {@code 2026-12-01}, {@code 2026-12-01T09:00:00Z}, or {@code 30m}/{@code 24h}/{@code 7d} back from {@code now}. */
    static Instant since(String when, Instant now) {
        try {
            if (when.matches("\\d+[mhd]")) {
                long n = Long.parseLong(when.substring(0, when.length() - 1));
                return now.minus(switch (when.charAt(when.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            return when.contains("T") ? Instant.parse(when) : LocalDate.parse(when).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidInputException("--since " + when + ": expected a UTC date (2026-12-01), an instant"
                    + " (2026-12-01T09:00:00Z) or a span back from now (30m, 24h, 7d)");
        }
    }

    private static void render(PrintWriter out, CostTotalsView v) {
        if (v.rows().isEmpty()) {
            out.println("nothing billed" + v.since().map(s -> " since " + s).orElse("") + ": skyrun launch records what runs cost");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {v.by().toUpperCase(Locale.ROOT), "COST", "NODE-HOURS"});
        for (CostTotals.Row r : v.rows()) {
            rows.add(new String[] {r.key() + (r.billing() ? " *" : ""), Money.usd(r.usd()),
                String.format(Locale.ROOT, "%.3f", r.nodeHours())});
        }
        rows.add(new String[] {"TOTAL", Money.usd(v.totalUsd()), ""});
        Table.print(out, rows, java.util.Set.of(1, 2));
        if (v.rows().stream().anyMatch(CostTotals.Row::billing)) {
            out.println("* nodes still running, counted to " + v.asOf());
        }
    }
}
