package dev.skyrun.cli;

import dev.skyrun.run.RunCost;
import dev.skyrun.state.Ledger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;

/**
 * What a run cost, as {@code status RUN} shows it ({@code cost} in its JSON).
 *
 * @param totalUsd the sum of its attempts' cost
 * @param lostUsd what attempts that were preempted or failed cost
 * @param billing whether some of its nodes may still be billing (counted to {@code asOf})
 * @param estimate the first placement and its USD per hour when the run was planned
 * @param asOf when attempts still billing were counted to
 */
record CostView(double totalUsd, double lostUsd, boolean billing, Optional<Ledger.Estimate> estimate, Instant asOf) {

    static CostView of(RunCost c) {
        return new CostView(c.totalUsd(), c.lostUsd(), c.billing(), c.estimate(), c.asOf());
    }

    /** The {@code Cost:} line of {@code status RUN}. */
    void print(PrintWriter out, String runId) {
        StringBuilder s = new StringBuilder("Cost:      " + Money.usd(totalUsd));
        if (lostUsd > 0) {
            s.append(", of which ").append(Money.usd(lostUsd)).append(" lost to preemptions and failed attempts");
        }
        estimate.ifPresent(e -> s.append("; planned at ").append(Money.perHour(e.pricePerHour())).append(" on ")
                .append(e.infra()));
        out.println(s);
        if (billing) {
            out.println("Billing:   nodes not verified terminated are counted to now; skyrun down " + runId + " stops them");
        }
    }
}
