package dev.skyrun.run;

import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.Ledger;
import dev.skyrun.state.LedgerEntry;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a run cost, from its ledger: each attempt's cost, the total, the part lost to attempts
 * that were preempted or failed, and the estimate it was planned at. An attempt whose nodes are
 * not verified terminated is counted to {@code asOf} and marked as still billing.
 *
 * <pre>{@code
 * RunCost cost = RunCost.of(state, "train-3f2a1c", Instant.now());
 * cost.totalUsd();   // the sum of cost.attempts()' usd
 * }</pre>
 *
 * @param runId the run
 * @param attempts each billed attempt's cost, by number
 * @param totalUsd what the run cost, USD
 * @param lostUsd what attempts that were preempted or failed cost, USD
 * @param estimate the estimate the run was planned at, when recorded
 * @param billing whether some of its nodes may still be billing (counted to {@code asOf})
 * @param asOf when open attempts were counted to
 */
public record RunCost(String runId, List<AttemptCost> attempts, double totalUsd, double lostUsd,
        Optional<Ledger.Estimate> estimate, boolean billing, Instant asOf) {

    /**
     * One attempt's line of the ledger.
     *
     * @param attempt its number
     * @param status how it ended ({@code PREEMPTED}), or where it is
     * @param nodes how many nodes it launched
     * @param pricePerHour USD per hour, all nodes
     * @param priceSource where the price came from
     * @param pricedAt when the price was quoted
     * @param billedFrom when provisioning started
     * @param billedTo when its compute was verified terminated; empty while it may still bill
     * @param billedSeconds the billed time, seconds
     * @param usd what it cost
     */
    public record AttemptCost(int attempt, String status, int nodes, double pricePerHour, String priceSource,
            Instant pricedAt, Instant billedFrom, Optional<Instant> billedTo, double billedSeconds, double usd) {

        /** Whether this attempt's cost was lost: it was preempted or failed. */
        public boolean lost() {
            return LOST.contains(status);
        }
    }

    private static final List<String> LOST = List.of(RunStatus.PREEMPTED.name(), RunStatus.FAILED.name(),
            RunStatus.INFRA_FAILED.name());

    /** The cost of run {@code runId} as the state records it, open attempts counted to {@code asOf}. */
    public static RunCost of(StateStore state, String runId, Instant asOf) {
        Map<Integer, AttemptRecord> attempts = state.runs().attempts(runId).stream()
                .collect(Collectors.toMap(AttemptRecord::number, Function.identity()));
        return of(runId, state.ledger().entries(runId), attempts, state.ledger().estimate(runId), asOf);
    }

    /** The cost of the ledger's {@code entries}, with how each attempt ended from {@code attempts}. */
    static RunCost of(String runId, List<LedgerEntry> entries, Map<Integer, AttemptRecord> attempts,
            Optional<Ledger.Estimate> estimate, Instant asOf) {
        List<AttemptCost> out = new ArrayList<>();
        double total = 0;
        double lost = 0;
        for (LedgerEntry e : entries) {
            String status = Optional.ofNullable(attempts.get(e.attempt())).map(a -> a.status().name()).orElse("PENDING");
            AttemptCost c = new AttemptCost(e.attempt(), status, e.nodes(), e.pricePerHour(), e.priceSource(),
                    e.pricedAt(), e.billedFrom(), e.billedTo(), e.billed(asOf).toMillis() / 1000.0, e.usd(asOf));
            out.add(c);
            total += c.usd();
            lost += c.lost() ? c.usd() : 0;
        }
        return new RunCost(runId, List.copyOf(out), total, lost, estimate, entries.stream().anyMatch(LedgerEntry::open),
                asOf);
    }
}
