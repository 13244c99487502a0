package dev.skyrun.run;

import java.time.Instant;
import java.util.Objects;

/**
 * The price an attempt is launched at, with where it came from and when it was quoted: what the
 * cost ledger bills the attempt's nodes at.
 *
 * <pre>{@code
 * new PriceQuote(0.42, "catalog skyrun-bundled 2026-11-30", plannedAt)
 * }</pre>
 *
 * @param pricePerNode USD per hour per node
 * @param source {@code catalog VERSION}, {@code live CLOUD} (the cloud re-priced it), {@code local} or {@code plan}
 * @param at when the price was quoted
 */
public record PriceQuote(double pricePerNode, String source, Instant at) {

    public PriceQuote {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }
}
