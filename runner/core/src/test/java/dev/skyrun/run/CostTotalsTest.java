package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.skyrun.state.LedgerEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostTotalsTest {

    static final Instant T = Instant.parse("2026-12-01T22:00:00Z");

    private static LedgerEntry entry(String run, int attempt, int nodes, double price, Instant from, Optional<Instant> to) {
        return new LedgerEntry(run, attempt, nodes, price, "catalog v8", from, from, to);
    }

    @Test
    void anAttemptOverMidnightIsBilledOnBothDaysAndSumsToItsCost() {
        LedgerEntry e = entry("a-1", 1, 2, 0.5, T, Optional.of(T.plusSeconds(3 * 3600)));

        List<CostTotals.Slice> slices = CostTotals.slice(e, "a", "aws", "-", Instant.EPOCH, T.plusSeconds(10 * 3600));

        assertThat(slices).extracting(CostTotals.Slice::day)
                .containsExactly(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"));
        assertThat(slices.get(0).usd()).isCloseTo(2 * 0.5 * 2, within(1e-9));
        assertThat(slices.get(1).usd()).isCloseTo(2 * 0.5 * 1, within(1e-9));
        assertThat(slices.stream().mapToDouble(CostTotals.Slice::usd).sum()).isCloseTo(e.usd(T), within(1e-9));
        assertThat(slices.get(1).nodeHours()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void sinceCutsWhatWasBilledBeforeItAndOpenAttemptsCountToNow() {
        LedgerEntry open = entry("b-1", 1, 1, 1.0, T, Optional.empty());

        List<CostTotals.Slice> slices = CostTotals.slice(open, "b", "gcp", "-", T.plusSeconds(1800), T.plusSeconds(3600));

        assertThat(slices).singleElement().satisfies(s -> {
            assertThat(s.usd()).isCloseTo(0.5, within(1e-9));
            assertThat(s.billing()).isTrue();
        });
        assertThat(CostTotals.slice(open, "b", "gcp", "-", T.plusSeconds(7200), T.plusSeconds(3600))).isEmpty();
    }

    @Test
    void totalsSumByKeyMostExpensiveFirstAndDaysInOrder() {
        List<CostTotals.Slice> slices = new ArrayList<>();
        Instant now = T.plusSeconds(24 * 3600);
        slices.addAll(CostTotals.slice(entry("a-1", 1, 1, 1.0, T, Optional.of(T.plusSeconds(3600))), "a", "aws", "-",
                Instant.EPOCH, now));
        slices.addAll(CostTotals.slice(entry("a-1", 2, 1, 3.0, T.plusSeconds(3600), Optional.of(T.plusSeconds(3 * 3600))),
                "a", "gcp", "-", Instant.EPOCH, now));
        slices.addAll(CostTotals.slice(entry("b-1", 1, 4, 0.25, T, Optional.of(T.plusSeconds(3600))), "b", "aws",
                "rel@1.0.0", Instant.EPOCH, now));

        assertThat(CostTotals.totals(slices, CostTotals.Key.CLOUD)).extracting(CostTotals.Row::key, CostTotals.Row::usd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gcp", 6.0), org.assertj.core.groups.Tuple.tuple("aws", 2.0));
        assertThat(CostTotals.totals(slices, CostTotals.Key.RUN)).extracting(CostTotals.Row::key)
                .containsExactly("a-1", "b-1");
        assertThat(CostTotals.totals(slices, CostTotals.Key.RELEASE)).extracting(CostTotals.Row::key)
                .containsExactly("-", "rel@1.0.0");
        assertThat(CostTotals.totals(slices, CostTotals.Key.DAY)).extracting(CostTotals.Row::key)
                .containsExactly("2026-12-01", "2026-12-02");
    }
}
