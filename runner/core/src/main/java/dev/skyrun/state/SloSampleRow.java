package dev.skyrun.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the slo_samples table: one reading of one SLO of one release by {@code skyrun watch}.
 *
 * @param name release name
 * @param version release version
 * @param slo the SLO's name
 * @param at when it was read
 * @param value the value read, when there was one
 * @param outcome {@code PASS}, {@code FAIL} or {@code MISSING}
 * @param detail what was read and how it compared, for people
 */
public record SloSampleRow(String name, String version, String slo, Instant at, Optional<Double> value, String outcome,
        String detail) {
    public SloSampleRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
