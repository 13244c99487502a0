package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Fusion;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestFixtures;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.Provenance;
import dev.skyrun.manifest.ReleaseVerdict;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateException;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseLedgerTest {

    @TempDir
    Path home;

    @Test
    void releasesAreKeptInStateAndTheNewestPromotedIsTheBaseline() throws Exception {
        try (StateStore state = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(state.releases());
            assertThat(ledger.baseline("federated")).isEmpty();
            Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
            byte[] firstBytes = ManifestJson.bytes(first);
            ReleaseEntry e1 = ledger.record(first, firstBytes, Optional.of("file:///pub/federated@1.0.0.json"), 2);
            assertThat(ledger.nextVersion("federated", "1.0.0", v -> false)).isEqualTo("1.0.0+2");
            assertThat(ledger.nextVersion("federated", "1.0.0", v -> v.equals("1.0.0+2"))).isEqualTo("1.0.0+3");
            assertThat(ledger.nextVersion("federated", "1.1.0", v -> false)).isEqualTo("1.1.0");
            Baseline base = ledger.baseline("federated").orElseThrow();
            assertThat(base.manifestSha256()).isEqualTo(e1.manifestSha256());
            Manifest worse = ManifestFixtures.manifest("1.0.0+2", 0.5, Optional.of(base));
            assertThat(worse.verdict()).isEqualTo(ReleaseVerdict.REJECTED);
            record(ledger, worse, 2);

            assertThat(ledger.history("federated").entries()).extracting(e -> e.release().version() + "=" + e.verdict())
                    .containsExactlyInAnyOrder("1.0.0=PROMOTED", "1.0.0+2=REJECTED");
            assertThat(ledger.baseline("federated").orElseThrow().manifest()).isEqualTo(first);
            assertThat(ledger.manifestBytes(first.release())).isEqualTo(firstBytes);
            assertThat(ledger.history("federated").keepStable()).isEqualTo(2);
            assertThatThrownBy(() -> ledger.record(first, firstBytes, Optional.empty(), 2))
                    .isInstanceOf(StateException.class);
        }
        try (StateStore reopened = StateStore.open(SkyrunHome.at(home))) {
            assertThat(new ReleaseLedger(reopened.releases()).names()).containsExactly("federated");
        }
    }

    @Test
    void aFlippedByteInTheHomesCopyOrInStateIsNoticedBeforeTheManifestIsRead() throws Exception {
        Path releases = home.resolve("releases");
        Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
        byte[] bytes = ManifestJson.bytes(first);
        Path copy = releases.resolve("federated/federated@1.0.0.json");
        dev.skyrun.manifest.ManifestWriter.writeOnce(copy, bytes);
        try (StateStore state = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(state.releases(), Optional.of(releases));
            ledger.record(first, bytes, Optional.empty(), 2);
            assertThat(ledger.baseline("federated")).isPresent();

            byte[] flipped = bytes.clone();
            flipped[flipped.length / 2] ^= 1;
            java.nio.file.Files.delete(copy);
            java.nio.file.Files.write(copy, flipped);

            assertThatThrownBy(() -> ledger.baseline("federated")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the manifest of federated@1.0.0 changed: " + copy);
            java.nio.file.Files.write(copy, bytes);
            assertThat(ledger.manifestBytes(first.release())).isEqualTo(bytes);

            try (java.sql.Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + state.home().database(),
                    new java.util.Properties()); java.sql.PreparedStatement st = c.prepareStatement(
                            "UPDATE releases SET manifest = ? WHERE version = '1.0.0'")) {
                st.setBytes(1, flipped);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            assertThatThrownBy(() -> ledger.manifestBytes(first.release())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the manifest of federated@1.0.0 changed: the state's copy");
        }
    }

    @Test
    void aHeldReleaseIsNoBaselineUntilApprovedAndWhoAndWhenAreKept() throws Exception {
        try (StateStore state = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(state.releases());
            Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
            record(ledger, first, 2);
            Manifest held = held("1.1.0", ledger.baseline("federated"));
            assertThat(held.verdict()).isEqualTo(ReleaseVerdict.HELD);
            record(ledger, held, 2);

            assertThat(ledger.history("federated").find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.HELD);
            assertThat(ledger.baseline("federated").orElseThrow().manifest().release().version()).isEqualTo("1.0.0");
            assertThatThrownBy(() -> ledger.decide("federated@1.0.0", true, "alice", "ok"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("is PROMOTED, not HELD");

            ReleaseEntry approved = ledger.decide("federated@1.1.0", true, "alice", "recall dip is eval noise");
            assertThat(approved.status()).isEqualTo(ReleaseStatus.PROMOTED);
            assertThatThrownBy(() -> ledger.decide("federated@1.1.0", false, "bob", "no"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not HELD");
        }
        try (StateStore reopened = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(reopened.releases());
            ReleaseHistory h = ledger.history("federated");
            assertThat(h.stable().orElseThrow().release().version()).isEqualTo("1.1.0");
            ReleaseNote note = h.find("1.1.0").orElseThrow().notes().get(0);
            assertThat(note.kind()).isEqualTo(ReleaseNote.Kind.APPROVED);
            assertThat(note.actor()).isEqualTo("alice");
            assertThat(note.reason()).isEqualTo("recall dip is eval noise");
            assertThat(note.at()).isAfter(h.find("1.1.0").orElseThrow().created());
            assertThat(h.rollbackTarget(Optional.empty(), true).release().version()).isEqualTo("1.0.0");
        }
    }

    @Test
    void aRejectedHeldReleaseAndABreachedOneAreNeitherStableNorRollbackTargets() throws Exception {
        try (StateStore state = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(state.releases());
            Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
            record(ledger, first, 3);
            Manifest second = ManifestFixtures.manifest("1.1.0", 0.87, ledger.baseline("federated"));
            record(ledger, second, 3);
            Manifest held = held("1.2.0", ledger.baseline("federated"));
            record(ledger, held, 3);
            assertThat(ledger.decide("federated@1.2.0", false, "bob", "too noisy").status()).isEqualTo(ReleaseStatus.REJECTED);

            ledger.note(second.release(), new ReleaseNote(ReleaseNote.Kind.BREACHED, java.time.Instant.now(),
                    ReleaseNote.WATCH, "slo p95 breached", Optional.of("{\"slo\":\"p95\"}")));
            ReleaseHistory h = ledger.history("federated");
            assertThat(h.find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.BREACHED);
            assertThat(h.stable().orElseThrow().release().version()).isEqualTo("1.0.0");
            assertThatThrownBy(() -> h.rollbackTarget(Optional.of("federated@1.1.0"), false))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("was BREACHED");
            assertThatThrownBy(() -> h.rollbackTarget(Optional.of("federated@1.2.0"), false))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("was REJECTED");
        }
    }

    /** Records {@code m} with its canonical bytes, published nowhere, keeping {@code keepStable} stable releases. */
    private static ReleaseEntry record(ReleaseLedger ledger, Manifest m, int keepStable) {
        return ledger.record(m, ManifestJson.bytes(m), Optional.empty(), keepStable);
    }

    /** A release whose recall gate is inconclusive (its metric absent, the gate holding on that). */
    private static Manifest held(String version, Optional<Baseline> baseline) {
        GateSpec recall = new GateSpec("recall", Optional.of("recall_at_5"), Optional.of(0.9), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), GateSpec.MissingRule.INCONCLUSIVE);
        Manifest m = ManifestFixtures.manifest(version, 0.87, baseline);
        List<StageOutcome> stages = List.of(ManifestFixtures.stage("embedder", "embed", Map.of("recall_at_10", 0.93),
                List.of(recall)));
        return Fusion.fuse(m.release(), m.created(), stages, baseline, new Provenance(m.spec(), List.of(),
                m.catalogVersion(), m.runId(), Optional.empty()));
    }
}
