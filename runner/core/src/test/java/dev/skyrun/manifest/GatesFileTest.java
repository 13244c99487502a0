package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gates file is read as safely as a spec: safe YAML, its schema, then its checks, each at FILE:LINE:COL. */
class GatesFileTest {

    @TempDir
    Path dir;

    static final String GATES = """
            release: {name: federated, version: 1.4.0}
            gates:
              textgen-lora:
                - {name: quality, metric: eval_accuracy, min: 0.82, vs_baseline: no_worse, tolerance: 0.005}
                - {name: compat, contract: contracts/fusion-api.json}
              embedder:
                - name: recall
                  metric: recall_at_10
                  min: 0.9
            """;

    @Test
    void readsTheReleaseAndEachSitesGatesInFileOrder() throws IOException {
        GatesFile g = GatesFile.read(write(GATES));
        assertThat(g.release()).contains(new ReleaseId("federated", "1.4.0"));
        assertThat(g.gates()).containsOnlyKeys("textgen-lora", "embedder");
        assertThat(g.gates().get("textgen-lora")).containsExactly(
                new GateSpec("quality", Optional.of("eval_accuracy"), Optional.of(0.82), Optional.empty(),
                        Optional.of(BaselineRule.NO_WORSE), Optional.of(0.005), Optional.empty()),
                new GateSpec("compat", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of("contracts/fusion-api.json")));
        assertThat(g.gates().get("embedder")).extracting(GateSpec::name, GateSpec::min)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("recall", Optional.of(0.9)));
    }

    @Test
    void aSyntaxErrorIsReportedAtItsLineAndColumn() throws IOException {
        Path f = write(GATES.replace("min: 0.82,", "min: [0.82,"));
        assertThat(problems(f)).singleElement().asString().startsWith(f + ":4:").contains("YAML syntax error");
    }

    @Test
    void aDuplicateSiteNamesBothLines() throws IOException {
        Path f = write(GATES + "  embedder:\n    - {name: other, metric: m, min: 1}\n");
        assertThat(problems(f)).singleElement().asString()
                .startsWith(f + ":10:3: duplicate key 'embedder' at line 10, first defined at line 6");
    }

    @Test
    void theSchemaNamesUnknownKeysWrongTypesAndBadValuesWhereTheyAre() throws IOException {
        Path f = write(GATES.replace("min: 0.82", "minimum: 0.82").replace("no_worse", "no_wrose")
                .replace("min: 0.9", "min: high"));
        assertThat(problems(f)).extracting(Problem::toString).containsExactly(
                f + ":4:46: unknown key 'minimum' in gates.textgen-lora[0] (did you mean 'min'?)",
                f + ":4:74: 'gates.textgen-lora[0].vs_baseline' 'no_wrose' is not one of no_worse, better"
                        + " (did you mean 'no_worse'?)",
                f + ":9:12: 'gates.embedder[0].min' must be a number, not text (The lowest passing value.)");
    }

    @Test
    void aGateChecksAMetricOrAContractAndItsNameIsUniqueInItsSite() throws IOException {
        Path f = write(GATES.replace("{name: compat, contract:", "{name: quality, metric: x, contract:"));
        assertThat(problems(f)).extracting(Problem::toString).containsExactly(
                f + ":5:7: gate 'quality' needs exactly one of metric or contract"
                        + " (e.g. {name: quality, metric: eval_accuracy, min: 0.82})",
                f + ":5:14: gate 'quality' is defined twice (give each gate of a site its own name)");
    }

    @Test
    void aBadReleaseVersionIsReportedAtTheRelease() throws IOException {
        Path f = write(GATES.replace("1.4.0", "01.4.0"));
        assertThat(problems(f)).singleElement().asString().startsWith(
                f + ":1:10: release version '01.4.0' is not a semantic version like 1.4.0");
        f = write(GATES.replace("1.4.0", "1.4-beta"));
        assertThat(problems(f)).singleElement().asString().startsWith(
                f + ":1:37: 'release.version' '1.4-beta' is not in the expected form");
        f = write(GATES.replace("1.4.0", "1.4"));
        assertThat(problems(f)).singleElement().asString().startsWith(
                f + ":1:37: 'release.version' must be text, not a number");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeParsing() throws IOException {
        Path f = write(GATES + "#" + "x".repeat(4 * 1024 * 1024) + "\n");
        assertThat(problems(f)).singleElement().asString().startsWith(f + ": the file is 4.0 MB, larger than the 3.0 MB");
    }

    @Test
    void aPipelineSpecIsReadAsItsStagesGates() throws IOException {
        Path f = write("""
                {kind: "pipeline", release: {name: federated, version: 2.0.0}, stages: [
                  {name: textgen-lora, task: {run: train, metrics: /outputs/m.json,
                                              gates: [{name: quality, metric: eval_accuracy, min: 0.9}]}}]}
                """);
        GatesFile g = GatesFile.read(f);
        assertThat(g.release()).contains(new ReleaseId("federated", "2.0.0"));
        assertThat(g.gates().get("textgen-lora")).extracting(GateSpec::name).containsExactly("quality");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("gates.yaml"), text);
    }

    private static List<Problem> problems(Path f) {
        return catchThrowableOfType(InvalidInputException.class, () -> GatesFile.read(f)).problems();
    }
}
