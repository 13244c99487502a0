package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    @Test
    void aManifestRoundTripsAndItsBytesAreStable() {
        Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
        Manifest second = ManifestFixtures.manifest("1.1.0", 0.87, Optional.of(Baseline.of(ManifestJson.bytes(first))));
        byte[] bytes = ManifestJson.bytes(second);
        Manifest back = ManifestJson.parse(bytes);
        assertThat(back).isEqualTo(second);
        assertThat(ManifestJson.bytes(back)).isEqualTo(bytes);
        assertThat(back.previousStable().orElseThrow().manifestSha256()).isEqualTo(Digests.sha256(ManifestJson.bytes(first)));
    }

    @Test
    void everyManifestValidatesAgainstItsSchema() {
        Manifest first = ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty());
        ObjectNode tree = ManifestJson.tree(first);
        assertThat(ManifestSchemas.MANIFEST.violations(tree)).isEmpty();
        assertThat(tree.get("images").get("textgen-lora").asText()).endsWith("@sha256:" + "c".repeat(64));
        assertThat(tree.get("artifacts").get(0).get("estimated_cost_usd").doubleValue()).isEqualTo(0.85);
        assertThat(tree.get("created").asText()).isEqualTo("2026-11-23T09:30:00.123Z");
    }

    @Test
    void keyOrderInTheInputDoesNotChangeTheCanonicalBytes() {
        byte[] canonical = ManifestJson.bytes(ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty()));
        String text = new String(canonical, StandardCharsets.UTF_8);
        assertThat(text.indexOf("\"artifacts\"")).isLessThan(text.indexOf("\"verdict\""));
        String reordered = "{\"verdict\": \"PROMOTED\", " + text.strip().substring(1).replace(",\n  \"verdict\": \"PROMOTED\"", "");
        assertThat(CanonicalJson.bytes(CanonicalJson.parse(reordered.getBytes(StandardCharsets.UTF_8)))).isEqualTo(canonical);
    }

    @Test
    void aManifestThatBreaksTheSchemaIsRefusedNamingTheField() {
        ObjectNode tree = ManifestJson.tree(ManifestFixtures.manifest("1.0.0", 0.86, Optional.empty()));
        ((ObjectNode) tree.get("artifacts").get(0)).put("sha256", "not-a-digest");
        assertThatThrownBy(() -> ManifestJson.parse(CanonicalJson.bytes(tree)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/artifacts/0/sha256");
    }
}
