package dev.skyrun.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run may spend: a cap on its total cost across all its attempts and a cap on its wall
 * clock time. The controller refuses a placement whose projected cost would pass the total cap
 * and stops the run (BUDGET_EXCEEDED, its nodes removed) when either cap is reached.
 *
 * <pre>{@code
 * resources:
 *   max_hourly_cost: 4.0      # $/h per node (the optimizer's filter)
 *   max_total_cost: 25        # USD for the whole run, every attempt counted
 *   max_duration: 6h          # wall clock from launch (dstack's name and format: 90s, 30m, 6h, 2d, 1w, or seconds)
 * }</pre>
 *
 * @param maxTotalCost USD the run may cost in all
 * @param maxDurationSeconds how long the run may take from its launch, seconds
 */
public record Budget(Optional<Double> maxTotalCost, Optional<Long> maxDurationSeconds) {

    /** No cap. */
    public static final Budget NONE = new Budget(Optional.empty(), Optional.empty());

    public Budget {
        Objects.requireNonNull(maxTotalCost, "maxTotalCost");
        Objects.requireNonNull(maxDurationSeconds, "maxDurationSeconds");
    }

    /** How long the run may take from its launch. */
    public Optional<Duration> maxDuration() {
        return maxDurationSeconds.map(Duration::ofSeconds);
    }

    /** Whether it caps anything. */
    public boolean capped() {
        return maxTotalCost.isPresent() || maxDurationSeconds.isPresent();
    }

    /** {@code 6h}, {@code 90s}, {@code 2d}, {@code 1w} or a number of seconds (as the schema checked it). */
    public static Duration duration(String text) {
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(7 * n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
