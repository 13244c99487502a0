package dev.skyrun.release;

import dev.skyrun.spec.SloSpec;
import java.util.List;

/**
 * Counts an SLO's consecutive failed readings, as Argo Rollouts' analysis counts failures: a
 * FAIL counts, a PASS starts the count again, and a MISSING reading counts as the SLO's
 * {@code on_missing} says (fail: counts; pass: starts again; ignore: neither). Pure.
 */
public final class SloTally {

    private SloTally() {}

    /** The readings since the count last started again (oldest first): the streak a breach is judged on. */
    public static List<SloReading> streak(SloSpec slo, List<SloReading> readings) {
        int start = 0;
        for (int i = 0; i < readings.size(); i++) {
            if (resets(slo, readings.get(i))) {
                start = i + 1;
            }
        }
        return List.copyOf(readings.subList(start, readings.size()));
    }

    /** How many failed readings the current streak holds. */
    public static int failures(SloSpec slo, List<SloReading> readings) {
        return (int) streak(slo, readings).stream().filter(r -> counts(slo, r)).count();
    }

    /** Whether the readings breach the SLO: at least {@code failures} failed readings in a row. */
    public static boolean breached(SloSpec slo, List<SloReading> readings) {
        return failures(slo, readings) >= slo.failures();
    }

    private static boolean resets(SloSpec slo, SloReading r) {
        return r.outcome() == SloReading.Outcome.PASS
                || (r.outcome() == SloReading.Outcome.MISSING && slo.onMissing() == SloSpec.MissingData.PASS);
    }

    private static boolean counts(SloSpec slo, SloReading r) {
        return r.outcome() == SloReading.Outcome.FAIL
                || (r.outcome() == SloReading.Outcome.MISSING && slo.onMissing() == SloSpec.MissingData.FAIL);
    }
}
