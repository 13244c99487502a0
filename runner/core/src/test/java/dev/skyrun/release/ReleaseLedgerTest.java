package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestFixtures;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ReleaseVerdict;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateException;
import dev.skyrun.state.StateStore;
import java.nio.file.Path;
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
            ledger.record(worse, ManifestJson.bytes(worse), Optional.empty(), 2);

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
}
