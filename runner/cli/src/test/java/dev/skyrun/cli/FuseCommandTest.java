package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.gate.GateResult;
import dev.skyrun.gate.Verdict;
import dev.skyrun.manifest.CanonicalJson;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ManifestSchemas;
import dev.skyrun.manifest.ReleaseVerdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FuseCommandTest {

    @TempDir
    Path dir;

    String out;
    String err;

    static final String GATES = """
            release: {name: federated, version: 1.0.0}
            gates:
              textgen-lora:
                - {name: quality, metric: eval_accuracy, min: 0.82, vs_baseline: no_worse, tolerance: 0.005}
                - {name: compat, contract: contracts/fusion-api.json}
              embedder:
                - {name: recall, metric: recall_at_10, min: 0.9}
              distill:
                - {name: latency, metric: p95_ms, max: 250}
                - {name: safety, metric: safety_pass_rate}
            """;

    @BeforeEach
    void sites() throws Exception {
        Files.writeString(dir.resolve("gates.yaml"), GATES);
        site("hf.json", "textgen-lora", "textgen", "\"eval_accuracy\": 0.86", true);
        site("gcp.json", "embedder", "embed", "\"recall_at_10\": 0.93", false);
        site("aws.json", "distill", "runtime", "\"p95_ms\": 180, \"safety_pass_rate\": 1.0", false);
    }

    void site(String file, String site, String role, String metrics, boolean contract) throws Exception {
        String contracts = contract ? ", \"contracts\": {\"contracts/fusion-api.json\": \"" + "a".repeat(64) + "\"}" : "";
        Files.writeString(dir.resolve(file), """
                {"format": 1, "site": "%s",
                 "produced_by": {"system": "x", "cloud": "gcp", "region": "us-central1", "instance_type": "g2-standard-8",
                                 "spot": true, "price_per_hour": 0.9, "attempts": 2, "wall_seconds": 1800},
                 "metrics": {%s}%s,
                 "artifacts": [{"id": "model", "role": "%s", "uri": "hf://acme/%s", "sha256": "%s", "size": 2048}]}
                """.formatted(site, metrics, contracts, role, site, "b".repeat(64)));
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("fuse"));
        all.addAll(List.of(args));
        int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("-m", dir.resolve("hf.json").toString(), "-m", dir.resolve("gcp.json").toString(),
                "-m", dir.resolve("aws.json").toString(), "--gates", dir.resolve("gates.yaml").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void aFileArtifactIsDigestedAgainAndAFlippedByteIsRefusedNotPromoted() throws Exception {
        Path model = Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3, 4, 5});
        String sha = dev.skyrun.manifest.Digests.sha256(model);
        Files.writeString(dir.resolve("aws.json"), Files.readString(dir.resolve("aws.json"))
                .replace("hf://acme/distill", model.toUri().toString()).replace("b".repeat(64), sha));
        assertThat(run(args())).as(err).isEqualTo(0);

        Files.write(model, new byte[] {1, 2, 3, 4, 6});

        assertThat(run(args("--out", dir.resolve("fused.json").toString()))).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains("aws.json").contains("artifact distill/model at " + model.toUri())
                .contains("recorded " + sha).contains("never fused or promoted");
        assertThat(out).doesNotContain("PROMOTED");
        assertThat(dir.resolve("fused.json")).doesNotExist();
    }

    @Test
    void threeSitesThatPassEveryGateArePromotedIntoOneValidManifest() throws Exception {
        Path fused = dir.resolve("fused.json");
        assertThat(run(args("--out", fused.toString()))).as(err).isEqualTo(0);
        byte[] bytes = Files.readAllBytes(fused);
        JsonNode tree = CanonicalJson.parse(bytes);
        assertThat(ManifestSchemas.MANIFEST.violations(tree)).isEmpty();
        Manifest m = ManifestJson.parse(bytes);
        assertThat(m.release().toString()).isEqualTo("federated@1.0.0");
        assertThat(m.verdict()).isEqualTo(ReleaseVerdict.PROMOTED);
        assertThat(m.gates()).extracting(g -> g.stage() + "/" + g.name() + "=" + g.verdict()).containsExactly(
                "textgen-lora/quality=PASS", "textgen-lora/compat=PASS", "embedder/recall=PASS",
                "distill/latency=PASS", "distill/safety=PASS");
        assertThat(m.artifacts()).extracting(a -> a.id()).containsExactly("textgen-lora/model", "embedder/model", "distill/model");
        assertThat(m.artifacts().get(0).estimatedCostUsd()).contains(0.45);
        assertThat(m.sources()).extracting(s -> s.sha256())
                .contains(Digests.sha256(Files.readAllBytes(dir.resolve("hf.json"))));
        assertThat(out).contains("federated@1.0.0  PROMOTED", "PASS     distill/safety");
        assertThat(err).contains("wrote " + fused);
    }

    @Test
    void aSecondFuseComparesWithTheBaselineAndRejectsAWorseRelease() throws Exception {
        Path first = dir.resolve("fused-1.json");
        assertThat(run(args("--out", first.toString()))).isEqualTo(0);
        site("hf.json", "textgen-lora", "textgen", "\"eval_accuracy\": 0.84", true);
        site("aws.json", "distill", "runtime", "\"p95_ms\": 180, \"safety_pass_rate\": 0.99", false);
        Path second = dir.resolve("fused-2.json");
        assertThat(run(args("--baseline", first.toString(), "--release", "federated@1.1.0", "--out", second.toString())))
                .isEqualTo(ExitCode.RUN_FAILED);
        Manifest m = ManifestJson.parse(Files.readAllBytes(second));
        assertThat(m.verdict()).isEqualTo(ReleaseVerdict.REJECTED);
        assertThat(m.previousStable().orElseThrow().manifestSha256()).isEqualTo(Digests.sha256(Files.readAllBytes(first)));
        GateResult quality = m.gates().get(0);
        assertThat(quality.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(quality.baseline()).contains(0.86);
        assertThat(m.gates()).extracting(GateResult::verdict)
                .containsExactly(Verdict.FAIL, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.FAIL);
    }

    @Test
    void anExistingOutputIsNeverRewritten() throws Exception {
        Path fused = Files.writeString(dir.resolve("fused.json"), "precious");
        assertThat(run(args("--out", fused.toString()))).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains(fused + ": exists; a manifest is never rewritten");
        assertThat(Files.readString(fused)).isEqualTo("precious");
    }

    @Test
    void aBrokenSiteManifestNamesTheFileAndTheField() throws Exception {
        Files.writeString(dir.resolve("gcp.json"), Files.readString(dir.resolve("gcp.json")).replace("\"embed\"", "\"vision\""));
        assertThat(run(args())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains(dir.resolve("gcp.json") + ": /artifacts/0/role");
    }

    @Test
    void aBadGateIsReportedAtItsLine() throws Exception {
        Files.writeString(dir.resolve("gates.yaml"), GATES.replace("max: 250", "maximum: 250"));
        assertThat(run(args())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains(dir.resolve("gates.yaml") + ":9:39: unknown key 'maximum'");
    }

    @Test
    void jsonFormatPrintsTheManifestItself() {
        assertThat(run(args("-o", "json"))).isEqualTo(0);
        assertThat(ManifestJson.parse(out.getBytes(StandardCharsets.UTF_8)).verdict()).isEqualTo(ReleaseVerdict.PROMOTED);
    }

    @Test
    void aMalformedGatesFileExitsTwoNamingFileLineAndColumn() throws Exception {
        Path gates = Files.writeString(dir.resolve("gates.yaml"), GATES.replace("min: 0.82,", "min: [0.82,"));
        assertThat(run(args())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains(gates + ":4:").contains("YAML syntax error");
        Files.writeString(gates, GATES.replace("min: 0.9", "min: high"));
        assertThat(run(args())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains(gates + ":7:49: 'gates.embedder[0].min' must be a number, not text");
    }

    @Test
    void aPipelineSpecAsGatesIsRecognisedByItsKindNotByHowTheLineIsWritten() throws Exception {
        Files.writeString(dir.resolve("gates.yaml"), """
                {kind: "pipeline", release: {name: federated, version: 2.0.0}, stages: [
                  {name: textgen-lora, task: {run: train, metrics: /outputs/m.json,
                                              gates: [{name: quality, metric: eval_accuracy, min: 0.9}]}}]}
                """);
        assertThat(run("-m", dir.resolve("hf.json").toString(), "--gates", dir.resolve("gates.yaml").toString()))
                .as(err).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(out).contains("federated@2.0.0  REJECTED", "FAIL     textgen-lora/quality");
    }
}
