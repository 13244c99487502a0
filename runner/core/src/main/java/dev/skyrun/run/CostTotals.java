package dev.skyrun.run;

import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.LedgerEntry;
import dev.skyrun.state.ReleaseRow;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.StateStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What was spent, summed by run, task name, cloud, release or day ({@code skyrun cost}): every
 * attempt of the cost ledger is cut at {@code since} and at each UTC midnight into
 * {@link Slice}s, and the slices are summed by the key asked for.
 *
 * <pre>{@code
 * List<CostTotals.Row> byCloud = CostTotals.totals(CostTotals.slices(state, since, Instant.now()), CostTotals.Key.CLOUD);
 * }</pre>
 */
public final class CostTotals {

    /** What the totals are summed by. */
    public enum Key {
        /** The run's id. */
        RUN,
        /** The run's name (its task's name, or {@code --name}). */
        TASK,
        /** The cloud of the attempt. */
        CLOUD,
        /** The release ({@code NAME@VERSION}) whose pipeline ran the run; {@code -} for runs of no release. */
        RELEASE,
        /** The UTC day the time was billed on. */
        DAY;

        /** The lower-case name ({@code --by cloud}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One attempt's billing within one UTC day (and after {@code since}).
     *
     * @param runId the run
     * @param task the run's name
     * @param cloud the attempt's cloud
     * @param release the release its pipeline made, {@code -} for none
     * @param day the UTC day
     * @param nodeHours node-hours billed
     * @param usd what they cost
     * @param billing whether its nodes may still be billing (counted to now)
     */
    public record Slice(String runId, String task, String cloud, String release, LocalDate day, double nodeHours,
            double usd, boolean billing) {

        String key(Key by) {
            return switch (by) {
                case RUN -> runId;
                case TASK -> task;
                case CLOUD -> cloud;
                case RELEASE -> release;
                case DAY -> day.toString();
            };
        }
    }

    /**
     * One total.
     *
     * @param key the run, task, cloud, release or day
     * @param usd what it cost
     * @param nodeHours node-hours billed
     * @param billing whether some of it may still be billing
     */
    public record Row(String key, double usd, double nodeHours, boolean billing) {}

    private CostTotals() {}

    /** The state's whole ledger as slices, from {@code since} to {@code now}. */
    public static List<Slice> slices(StateStore state, Instant since, Instant now) {
        Map<String, String> releases = releasesByRun(state);
        Map<String, RunRecord> runs = new HashMap<>();
        state.runs().all().forEach(r -> runs.put(r.id(), r));
        Map<String, Map<Integer, String>> clouds = new HashMap<>();
        List<Slice> out = new ArrayList<>();
        for (LedgerEntry e : state.ledger().all()) {
            String task = runs.containsKey(e.runId()) ? runs.get(e.runId()).name() : e.runId();
            String cloud = clouds.computeIfAbsent(e.runId(), id -> cloudsOf(state, id)).getOrDefault(e.attempt(), "-");
            out.addAll(slice(e, task, cloud, releases.getOrDefault(e.runId(), "-"), since, now));
        }
        return out;
    }

    /** One entry's slices: its billed span cut to {@code [since, now]} and at each UTC midnight. */
    static List<Slice> slice(LedgerEntry e, String task, String cloud, String release, Instant since, Instant now) {
        Instant from = e.billedFrom().isBefore(since) ? since : e.billedFrom();
        Instant to = e.billedTo().orElse(now);
        List<Slice> out = new ArrayList<>();
        while (from.isBefore(to)) {
            LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
            Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = midnight.isBefore(to) ? midnight : to;
            double hours = (end.toEpochMilli() - from.toEpochMilli()) / 3_600_000.0;
            out.add(new Slice(e.runId(), task, cloud, release, day, hours * e.nodes(), hours * e.pricePerHour(), e.open()));
            from = end;
        }
        return out;
    }

    /** The slices summed by {@code by}, most expensive first (then by key). */
    public static List<Row> totals(List<Slice> slices, Key by) {
        Map<String, Row> sums = new LinkedHashMap<>();
        for (Slice s : slices) {
            sums.merge(s.key(by), new Row(s.key(by), s.usd(), s.nodeHours(), s.billing()), (a, b) -> new Row(a.key(),
                    a.usd() + b.usd(), a.nodeHours() + b.nodeHours(), a.billing() || b.billing()));
        }
        List<Row> rows = new ArrayList<>(sums.values());
        rows.sort(by == Key.DAY ? java.util.Comparator.comparing(Row::key)
                : java.util.Comparator.comparingDouble(Row::usd).reversed().thenComparing(Row::key));
        return rows;
    }

    private static Map<Integer, String> cloudsOf(StateStore state, String runId) {
        Map<Integer, String> out = new HashMap<>();
        for (AttemptRecord a : state.runs().attempts(runId)) {
            out.put(a.number(), a.cloud());
        }
        return out;
    }

    /** Stage run id to {@code NAME@VERSION}, from the stage costs of each release's manifest (whose digest checks out). */
    private static Map<String, String> releasesByRun(StateStore state) {
        Map<String, String> out = new HashMap<>();
        for (String name : state.releases().names()) {
            for (ReleaseRow r : state.releases().history(name)) {
                if (!Digests.sha256(r.manifest()).equals(r.manifestSha256())) {
                    continue;
                }
                for (StageRecord s : ManifestJson.parse(r.manifest()).stages()) {
                    s.cost().ifPresent(c -> out.putIfAbsent(c.runId(), r.name() + "@" + r.version()));
                }
            }
        }
        return out;
    }
}
