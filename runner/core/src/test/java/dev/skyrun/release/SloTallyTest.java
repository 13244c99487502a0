package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.spec.SloSource;
import dev.skyrun.spec.SloSpec;
import dev.skyrun.spec.SloSpec.MissingData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SloTallyTest {

    static SloSpec slo(int failures, MissingData onMissing) {
        return new SloSpec("p95", new SloSource.Prometheus("http://127.0.0.1:9", "max(p95)"), Optional.empty(),
                Optional.of(250.0), Duration.ofSeconds(1), failures, onMissing);
    }

    static List<SloReading> readings(String outcomes) {
        List<SloReading> out = new ArrayList<>();
        for (char c : outcomes.toCharArray()) {
            SloReading.Outcome o = c == 'P' ? SloReading.Outcome.PASS : c == 'F' ? SloReading.Outcome.FAIL
                    : SloReading.Outcome.MISSING;
            out.add(new SloReading("p95", Instant.EPOCH.plusSeconds(out.size()),
                    o == SloReading.Outcome.MISSING ? Optional.empty() : Optional.of(o == SloReading.Outcome.PASS ? 100.0 : 400.0),
                    o, "reading " + out.size()));
        }
        return out;
    }

    @Test
    void failuresCountInARowAndAPassStartsAgain() {
        SloSpec s = slo(3, MissingData.IGNORE);
        assertThat(SloTally.breached(s, readings("FFPFF"))).isFalse();
        assertThat(SloTally.failures(s, readings("FFPFF"))).isEqualTo(2);
        assertThat(SloTally.breached(s, readings("FFPFFF"))).isTrue();
        assertThat(SloTally.streak(s, readings("FFPFFF"))).extracting(SloReading::detail)
                .containsExactly("reading 3", "reading 4", "reading 5");
    }

    @Test
    void missingDataCountsAsTheSloSays() {
        assertThat(SloTally.failures(slo(3, MissingData.IGNORE), readings("FMMF"))).isEqualTo(2);
        assertThat(SloTally.streak(slo(3, MissingData.IGNORE), readings("FMMF"))).hasSize(4);
        assertThat(SloTally.breached(slo(3, MissingData.FAIL), readings("FMM"))).isTrue();
        assertThat(SloTally.failures(slo(3, MissingData.PASS), readings("FFMF"))).isEqualTo(1);
        assertThat(SloTally.breached(slo(2, MissingData.IGNORE), readings("MMMMMM"))).isFalse();
    }

    @Test
    void aBreachSaysWhichSloTheValuesTheThresholdAndTheTimesAndKeepsThemAsEvidence() {
        SloSpec s = slo(2, MissingData.FAIL);
        SloBreach b = new SloBreach(s, SloTally.streak(s, readings("PFM")));
        assertThat(b.reason()).isEqualTo("slo p95 breached: 2 consecutive failed readings (400, missing; must be <= 250)"
                + " from 1970-01-01T00:00:01Z to 1970-01-01T00:00:02Z");
        assertThat(b.evidence()).contains("\"query\":\"max(p95)\"", "\"source\":\"prometheus\"", "\"max\":250.0",
                "\"on_missing\":\"fail\"", "\"outcome\":\"FAIL\"", "\"value\":400.0", "\"outcome\":\"MISSING\"");
    }

    @Test
    void aWatchStopsAtTheFirstBreachOrAfterItsBound() throws Exception {
        SloSpec s = new SloSpec("p95", new SloSource.HttpJson("http://127.0.0.1:9/x", "/p95"), Optional.empty(),
                Optional.of(250.0), Duration.ofMillis(20), 2, MissingData.IGNORE);
        List<String> seen = new ArrayList<>();
        List<SloReading> script = readings("PFPFF");
        int[] i = {0};
        SloWatch watch = new SloWatch(List.of(s), x -> script.get(i[0]++), java.util.Map.of(),
                (slo, r, failures) -> seen.add(r.outcome() + "/" + failures));
        Optional<SloBreach> breach = watch.run(0);
        assertThat(seen).containsExactly("PASS/0", "FAIL/1", "PASS/0", "FAIL/1", "FAIL/2");
        assertThat(breach).isPresent();

        i[0] = 0;
        SloWatch bounded = new SloWatch(List.of(s), x -> script.get(i[0]++), java.util.Map.of(), (slo, r, f) -> { });
        assertThat(bounded.run(3)).isEmpty();
        SloWatch continued = new SloWatch(List.of(s), x -> readings("F").get(0),
                java.util.Map.of("p95", readings("PF")), (slo, r, f) -> { });
        assertThat(continued.run(1)).as("a failure read before counts").isPresent();
    }
}
