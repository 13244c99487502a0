package dev.skyrun.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A service-level objective of a pipeline's release, read by {@code skyrun watch} while the
 * release is the stable one.
 *
 * <pre>{@code
 * slo:
 *   - name: p95-latency
 *     prometheus: {url: http://prometheus:9090, query: 'max(fusion_latency_p95_ms)'}
 *     max: 250
 *     interval: 30s
 *     failures: 3
 *     on_missing: fail
 *   - {name: error-rate, http: {url: https://fusion/health, pointer: /errors/rate}, max: 0.01}
 * }</pre>
 *
 * @param name the SLO's name, unique within the pipeline
 * @param source where its value is read
 * @param min the lowest value that meets it
 * @param max the highest value that meets it
 * @param interval how often it is read
 * @param failures how many consecutive failed readings breach it
 * @param onMissing what a reading without a value counts as
 */
public record SloSpec(String name, SloSource source, Optional<Double> min, Optional<Double> max, Duration interval,
        int failures, MissingData onMissing) {

    /** {@code interval} when the spec names none. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** {@code failures} when the spec names none. */
    public static final int DEFAULT_FAILURES = 3;

    /** What a reading without a value (no series, no such field, source unreachable) counts as. */
    public enum MissingData {
        /** A failed reading: it counts towards the breach. */
        FAIL,
        /** A good reading: the count of consecutive failures starts again. */
        PASS,
        /** Neither: the count stays where it is. */
        IGNORE
    }

    public SloSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(onMissing, "onMissing");
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
    }

    /** Whether a value meets the SLO's thresholds. */
    public boolean met(double value) {
        return Double.isFinite(value) && min.map(m -> value >= m).orElse(true) && max.map(m -> value <= m).orElse(true);
    }

    /** The thresholds as people read them: {@code <= 250}, {@code >= 0.99}, {@code in [1, 2]}. */
    public String threshold() {
        if (min.isPresent() && max.isPresent()) {
            return "in [" + Numbers.text(min.get()) + ", " + Numbers.text(max.get()) + "]";
        }
        return min.map(m -> ">= " + Numbers.text(m)).orElseGet(() -> "<= " + max.map(Numbers::text).orElse("?"));
    }
}
