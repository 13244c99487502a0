package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.ReleaseVerdict;
import dev.skyrun.schema.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseHistoryTest {

    static ReleaseEntry entry(String version, int minute, ReleaseVerdict verdict) {
        return new ReleaseEntry(new ReleaseId("federated", version), Instant.parse("2026-11-23T09:00:00Z").plusSeconds(60L * minute),
                verdict, "a".repeat(64), Optional.empty(), Optional.empty(), Optional.empty());
    }

    final ReleaseHistory history = new ReleaseHistory("federated", List.of(
            entry("1.0.0", 1, ReleaseVerdict.PROMOTED), entry("1.1.0", 2, ReleaseVerdict.PROMOTED),
            entry("1.2.0", 3, ReleaseVerdict.REJECTED), entry("1.3.0", 4, ReleaseVerdict.PROMOTED),
            entry("1.4.0", 5, ReleaseVerdict.REJECTED)), 2);

    @Test
    void theStableReleaseIsTheNewestPromotedAndTheLastNAreKept() {
        assertThat(history.entries()).extracting(e -> e.release().version()).startsWith("1.4.0", "1.3.0");
        assertThat(history.stable().orElseThrow().release().version()).isEqualTo("1.3.0");
        assertThat(history.entries()).filteredOn(history::keptForRollback).extracting(e -> e.release().version())
                .containsExactly("1.3.0", "1.1.0");
    }

    @Test
    void previousIsTheStableReleaseBeforeTheCurrentOne() {
        assertThat(history.rollbackTarget(Optional.empty(), true).release().version()).isEqualTo("1.1.0");
        assertThat(history.rollbackTarget(Optional.of("federated@1.3.0"), false).release().version()).isEqualTo("1.3.0");
    }

    @Test
    void rejectedUnknownAndNoLongerKeptReleasesAreNoTarget() {
        assertThatThrownBy(() -> history.rollbackTarget(Optional.of("1.2.0"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("federated@1.2.0 was REJECTED");
        assertThatThrownBy(() -> history.rollbackTarget(Optional.of("9.9.9"), false))
                .hasMessageContaining("no release 9.9.9 of federated");
        assertThatThrownBy(() -> history.rollbackTarget(Optional.of("1.0.0"), false))
                .hasMessageContaining("older than the last 2 stable releases kept for rollback");
    }
}
