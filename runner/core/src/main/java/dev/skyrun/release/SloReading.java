package dev.skyrun.release;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of one SLO: when, the value (absent when the source had none), and how it compares.
 *
 * @param slo the SLO's name
 * @param at when it was read
 * @param value the value, when the source had one
 * @param outcome PASS (met), FAIL (not met) or MISSING (no value)
 * @param detail what was read and how it compared, for people and evidence
 */
public record SloReading(String slo, Instant at, Optional<Double> value, Outcome outcome, String detail) {

    /** How a reading compares with its SLO. */
    public enum Outcome {
        /** The value meets the thresholds. */
        PASS,
        /** The value does not meet them. */
        FAIL,
        /** There was no value: no series, no such field, the source could not be read. */
        MISSING
    }

    public SloReading {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
