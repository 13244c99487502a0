package dev.skyrun.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt's nodes are billed: how many, at the price the attempt was launched at
 * (where that price came from and when it was quoted), from the start of provisioning to the
 * verified termination of its compute.
 *
 * <pre>{@code
 * new LedgerEntry("train-3f2a1c", 1, 2, 0.42, "catalog aws v8 2026-11-30", quoted, provisioned, Optional.of(gone))
 *         .usd(Instant.now());   // 2 x 0.42 $/h x the billed hours
 * }</pre>
 *
 * @param runId the run
 * @param attempt the attempt's number
 * @param nodes how many nodes it launched
 * @param pricePerNode USD per hour per node
 * @param priceSource where the price came from ({@code catalog ...}, {@code live aws}, {@code local})
 * @param pricedAt when the price was quoted (planned)
 * @param billedFrom when provisioning started
 * @param billedTo when its compute was verified terminated; empty while it may still bill
 */
public record LedgerEntry(String runId, int attempt, int nodes, double pricePerNode, String priceSource,
        Instant pricedAt, Instant billedFrom, Optional<Instant> billedTo) {

    public LedgerEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(priceSource, "priceSource");
        Objects.requireNonNull(pricedAt, "pricedAt");
        Objects.requireNonNull(billedFrom, "billedFrom");
        Objects.requireNonNull(billedTo, "billedTo");
    }

    /** USD per hour for all of its nodes. */
    public double pricePerHour() {
        return nodes * pricePerNode;
    }

    /** Whether its nodes may still be billing (not verified terminated). */
    public boolean open() {
        return billedTo.isEmpty();
    }

    /** The billed time: to its termination, or to {@code now} while it may still bill. */
    public Duration billed(Instant now) {
        Duration d = Duration.between(billedFrom, billedTo.orElse(now));
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What it cost (to {@code now} while it may still bill), in USD. */
    public double usd(Instant now) {
        return pricePerHour() * billed(now).toMillis() / 3_600_000.0;
    }
}
