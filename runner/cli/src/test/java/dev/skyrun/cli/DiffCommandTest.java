package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skyrun diff A B} of two fused releases (files and, in a child process, from state) and {@code rollback --dry-run}. */
class DiffCommandTest {
    private static final String OLD = "b".repeat(64);
    private static final String NEW = "c".repeat(64);

    @TempDir
    Path dir;

    /** Fuses three site manifests into {@code out} as {@code release}; the textgen site's artifact has {@code sha}. */
    private Path release(String release, String sha, String accuracy) throws Exception {
        FuseCommandTest sites = new FuseCommandTest();
        sites.dir = Files.createDirectories(dir.resolve(release));
        sites.sites();
        String hf = Files.readString(sites.dir.resolve("hf.json")).replace(OLD, sha).replace("0.86", accuracy);
        Files.writeString(sites.dir.resolve("hf.json"), hf);
        Path out = dir.resolve(release + ".json");
        assertThat(sites.run(sites.args("--release", release, "--out", out.toString()))).as(sites.err).isZero();
        return out;
    }

    @Test
    void twoManifestsListTheChangedArtifactDigestMetricAndNothingElseOfTheArtifacts() throws Exception {
        Path a = release("federated@1.0.0", OLD, "0.86");
        Path b = release("federated@1.1.0", NEW, "0.88");
        CliRun run = CliRun.of("diff", a.toString(), b.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.CHANGED);
        assertThat(run.out()).startsWith("diff federated@1.0.0 -> federated@1.1.0")
                .containsPattern("(?m)^  artifact textgen-lora/model +" + OLD + " -> " + NEW + "$")
                .containsPattern("(?m)^  metric textgen-lora/eval_accuracy +0.86 -> 0.88$")
                .doesNotContain("artifact embedder/model").doesNotContain("gate ");
        CliRun same = CliRun.of("diff", a.toString(), a.toString());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("no change");
        CliRun md = CliRun.of("diff", a.toString(), b.toString(), "-o", "markdown");
        assertThat(md.out()).contains("| artifact textgen-lora/model | `" + OLD + "` | `" + NEW + "` |");
    }

    @Test
    void releasesFromStateAndRollbackDryRunShowWhatARollbackChanges() throws Exception {
        Path a = release("federated@1.0.0", OLD, "0.86");
        Path b = release("federated@1.1.0", NEW, "0.88");
        Path home = dir.resolve("home");
        try (StateStore state = StateStore.open(SkyrunHome.at(home))) {
            ReleaseLedger ledger = new ReleaseLedger(state.releases());
            for (Path p : new Path[] {a, b}) {
                byte[] bytes = Files.readAllBytes(p);
                ledger.record(ManifestJson.parse(bytes), bytes, Optional.empty(), 3);
            }
        }
        Map<String, String> env = Map.of("SKYRUN_HOME", home.toString());
        CliProcess.Result diff = CliProcess.run(dir, env, "diff", "federated@1.0.0", "federated@1.1.0");
        assertThat(diff.exit()).as(diff.toString()).isEqualTo(ExitCode.CHANGED);
        assertThat(diff.out()).containsPattern("(?m)^  artifact textgen-lora/model +" + OLD + " -> " + NEW + "$");

        CliProcess.Result dry = CliProcess.run(dir, env, "rollback", "federated@1.0.0", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isEqualTo(ExitCode.CHANGED);
        assertThat(dry.out()).startsWith("diff federated@1.1.0 -> federated@1.0.0")
                .containsPattern("(?m)^  artifact textgen-lora/model +" + NEW + " -> " + OLD + "$");

        CliProcess.Result missing = CliProcess.run(dir, env, "diff", "federated@1.0.0", "federated@9.9.9");
        assertThat(missing.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("no release federated@9.9.9");
    }
}
