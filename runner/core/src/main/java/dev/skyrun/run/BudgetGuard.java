package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run's budget as its controller holds it to: whether the run must stop now (its wall clock
 * time or its cost reached a cap), and whether a placement would pass {@code max_total_cost}.
 *
 * <p>The projection of a placement is what the run spent so far (attempts still billing counted to
 * now) plus the placement's price for the time the attempt may bill: what is left of
 * {@code max_duration} and {@link #TEARDOWN} (the worst case under the caps), or without
 * {@code max_duration} {@link #MINIMUM_BILLED} (the least most clouds bill). A running
 * attempt is stopped once what it spent plus {@link #TEARDOWN} of its price reaches the cap, so
 * that the time its nodes take to be removed stays within it.
 */
final class BudgetGuard {

    /** The least time an attempt is projected to bill. */
    static final Duration MINIMUM_BILLED = Duration.ofMinutes(1);
    /** The time a running attempt's nodes are allowed to take to be removed once it is stopped. */
    static final Duration TEARDOWN = Duration.ofSeconds(15);

    private final RunContext ctx;
    private final Budget budget;
    private final Instant launched;
    private final Function<Placement, PriceQuote> quotes;

    BudgetGuard(RunContext ctx, Instant launched, Function<Placement, PriceQuote> quotes) {
        this.ctx = ctx;
        this.budget = ctx.request().task().resources().budget();
        this.launched = launched;
        this.quotes = quotes;
    }

    /** Why the run must stop at {@code now}, if it must; {@code pricePerHour} is what runs now. */
    Optional<String> exceeded(Instant now, double pricePerHour) {
        Duration ran = Duration.between(launched, now);
        Optional<String> late = budget.maxDuration().filter(max -> ran.compareTo(max) >= 0)
                .map(max -> "max_duration " + max.toSeconds() + " s reached (the run started " + ran.toSeconds() + " s ago)");
        if (late.isPresent() || budget.maxTotalCost().isEmpty()) {
            return late;
        }
        double spent = spent(now);
        double cap = budget.maxTotalCost().get();
        double stopping = pricePerHour * TEARDOWN.toMillis() / 3_600_000.0;
        return spent + stopping >= cap ? Optional.of("max_total_cost " + usd(cap) + " reached (spent " + usd(spent)
                + ", and removing the nodes takes some more)") : Optional.empty();
    }

    /** Why {@code p} may not be launched at {@code now}: its projected cost would pass {@code max_total_cost}. */
    Optional<String> refuses(Placement p, Instant now) {
        if (budget.maxTotalCost().isEmpty()) {
            return Optional.empty();
        }
        Duration billed = budget.maxDuration().map(max -> max.minus(Duration.between(launched, now)))
                .map(left -> (left.isNegative() ? Duration.ZERO : left).plus(TEARDOWN)).orElse(MINIMUM_BILLED);
        double perHour = quotes.apply(p).pricePerNode() * p.nodes();
        double spent = spent(now);
        double projected = spent + perHour * billed.toMillis() / 3_600_000.0;
        double cap = budget.maxTotalCost().get();
        if (projected <= cap) {
            return Optional.empty();
        }
        return Optional.of("its projected cost " + usd(projected) + " (spent " + usd(spent) + " + " + usd(perHour)
                + "/h for " + billed.toSeconds() + " s) would pass max_total_cost " + usd(cap));
    }

    private double spent(Instant now) {
        return RunCost.of(ctx.state(), ctx.runId(), now).totalUsd();
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }
}
