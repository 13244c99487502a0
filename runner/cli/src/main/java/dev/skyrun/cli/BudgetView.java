package dev.skyrun.cli;

import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.Budget;
import java.util.List;
import java.util.Optional;

/**
 * A task's caps as {@code plan} shows them, with the worst case a run can cost under them: the
 * dearest placement of its plan for all of {@code max_duration}, and never more than
 * {@code max_total_cost}. Without {@code max_duration} and {@code max_total_cost} there is no
 * worst case: nothing bounds the time.
 *
 * @param maxTotalCost {@code max_total_cost}, USD
 * @param maxDurationSeconds {@code max_duration}, seconds
 * @param worstCaseUsd what a run may cost at most, when something bounds it
 * @param worstCase how the worst case comes about
 */
record BudgetView(Optional<Double> maxTotalCost, Optional<Long> maxDurationSeconds, Optional<Double> worstCaseUsd,
        String worstCase) {

    /** The caps of {@code budget} over {@code placements}; empty when nothing is capped. */
    static Optional<BudgetView> of(Budget budget, List<Placement> placements) {
        if (!budget.capped()) {
            return Optional.empty();
        }
        double dearest = placements.stream().mapToDouble(Placement::pricePerHour).max().orElse(0);
        Optional<Double> byTime = budget.maxDurationSeconds().map(s -> dearest * s / 3600.0);
        Optional<Double> worst = byTime.map(t -> budget.maxTotalCost().map(c -> Math.min(c, t)).orElse(t))
                .or(budget::maxTotalCost).map(PlanView::round);
        String how = byTime.isPresent() && (budget.maxTotalCost().isEmpty() || byTime.get() <= budget.maxTotalCost().get())
                ? "the dearest placement, " + Money.perHour(dearest) + ", for all of max_duration"
                : "max_total_cost: the run is stopped there";
        return Optional.of(new BudgetView(budget.maxTotalCost(), budget.maxDurationSeconds(), worst, how));
    }

    /** The {@code budget:} line of {@code plan}. */
    String line() {
        StringBuilder s = new StringBuilder("  budget:");
        maxTotalCost.ifPresent(c -> s.append(" max_total_cost ").append(Money.usd(c)));
        maxDurationSeconds.ifPresent(d -> s.append(maxTotalCost.isPresent() ? "," : "").append(" max_duration ")
                .append(d).append(" s"));
        worstCaseUsd.ifPresent(w -> s.append("; worst case ").append(Money.usd(w)).append(" (").append(worstCase).append(')'));
        return s.toString();
    }
}
