package dev.skyrun.cli;

import static dev.skyrun.cli.FederatedWorkTree.SPEC;
import static dev.skyrun.cli.FederatedWorkTree.TEXTGEN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.testkit.Docker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federated pipeline of {@code specs/} on the real Docker engine, driven through the CLI as a
 * user would, one release after another: a first run (promoted), a second run judged against the
 * first, {@code fuse} of site manifests made from those runs' results, a run whose gate fails
 * (rejected, stable unchanged), {@code rollback --previous} after the spec and the image tag
 * changed, and a rollback refused because a stored artifact changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedPipelineIT {

    static final List<String> STAGES = List.of("textgen-lora", "embedder", "distill");

    Path dir;
    FederatedWorkTree tree;
    String firstCommit;
    JsonNode first;
    String firstSha256;
    JsonNode second;

    @BeforeAll
    void checkOut(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        tree = FederatedWorkTree.create(dir, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        firstCommit = tree.git("rev-parse", "HEAD").strip();
    }

    @AfterAll
    void removeImageTag() {
        Docker.docker("rmi", tree.imageTag());
    }

    @Test
    @Order(1)
    void runsEndToEndWithOverlappingStagesAndAManifestWhoseDigestsCheckOut() throws Exception {
        CliRun run = launch();
        first = manifest(run, 0, "PROMOTED");
        assertThat(first.at("/release/name").asText()).isEqualTo(tree.release());
        assertThat(first.at("/release/version").asText()).isEqualTo("1.4.0");
        assertThat(first.has("previous_stable")).isFalse();

        Path spec = tree.file(SPEC);
        assertThat(first.at("/spec/text").asText()).isEqualTo(Files.readString(spec));
        assertThat(first.at("/spec/sha256").asText()).isEqualTo(ManifestChecks.sha256(Files.readAllBytes(spec)));
        assertThat(first.at("/spec/git_commit").asText()).isEqualTo(firstCommit);
        JsonNode stageFile = ManifestChecks.find(first.at("/spec/files"), "path", "stages/local/textgen-lora.yaml");
        assertThat(stageFile.at("/sha256").asText()).isEqualTo(ManifestChecks.sha256(tree.file(TEXTGEN_STAGE)));

        String imageId = FederatedWorkTree.imageId(tree.imageTag());
        for (String stage : STAGES) {
            JsonNode s = ManifestChecks.find(first.at("/stages"), "name", stage);
            assertThat(s.at("/status").asText()).as(stage).isEqualTo("SUCCEEDED");
            assertThat(s.at("/image").asText()).as(stage).endsWith(imageId);
            assertThat(first.at("/images/" + stage).asText()).as(stage).endsWith(imageId);
            assertThat(s.at("/cost/run_id").asText()).as(stage).startsWith(stage + "-");
            assertThat(s.at("/cost/attempts").asInt()).as("the stage's run billed its attempt").isPositive();
            assertThat(s.at("/cost/usd").asDouble()).as("local nodes are free").isZero();
        }
        CliRun cost = CliRun.of("cost", "--by", "release", "-o", "json");
        assertThat(cost.exit()).as(cost.err()).isZero();
        assertThat(ManifestChecks.parse(cost.out()).at("/rows")).as("the stage runs' time, summed by release")
                .anySatisfy(r -> assertThat(r.at("/key").asText()).isEqualTo(tree.release() + "@1.4.0"));
        assertThat(ManifestChecks.find(first.at("/stages"), "name", "textgen-lora").at("/metrics/eval_accuracy").asDouble())
                .isEqualTo(0.86);

        Span textgen = span(first, "textgen-lora");
        Span embedder = span(first, "embedder");
        Span distill = span(first, "distill");
        assertThat(textgen.started()).as("independent stages overlap").isBefore(embedder.ended());
        assertThat(embedder.started()).as("independent stages overlap").isBefore(textgen.ended());
        assertThat(distill.started()).as("distill waits for both").isAfterOrEqualTo(textgen.ended())
                .isAfterOrEqualTo(embedder.ended());

        assertThat(first.at("/artifacts")).hasSize(3);
        for (JsonNode a : first.at("/artifacts")) {
            Path stored = ManifestChecks.path(a.at("/uri").asText());
            assertThat(stored).as(a.at("/id").asText()).isDirectory();
            assertThat(a.at("/digest_kind").asText()).isEqualTo("TREE");
            assertThat(a.at("/sha256").asText()).as(a.at("/id").asText()).isEqualTo(ManifestChecks.treeSha256(stored));
            assertThat(a.at("/size").asLong()).isEqualTo(ManifestChecks.treeSize(stored));
            assertThat(a.at("/producer/cloud").asText()).isEqualTo("local");
            assertThat(a.at("/attempts").asInt()).isEqualTo(1);
        }
        Path student = ManifestChecks.path(ManifestChecks.find(first.at("/artifacts"), "id", "distill/student").at("/uri").asText());
        assertThat(student.resolve("teachers.txt")).content().contains("lora rank=8", "dim=384");

        byte[] bytes = run.out().getBytes(StandardCharsets.UTF_8);
        firstSha256 = ManifestChecks.sha256(bytes);
        String file = tree.release() + "@1.4.0.json";
        assertThat(tree.publishDir().resolve(file)).hasBinaryContent(bytes);
        JsonNode releases = releases();
        assertThat(releases).hasSize(1);
        assertThat(releases.at("/0/verdict").asText()).isEqualTo("PROMOTED");
        assertThat(releases.at("/0/stable").asText()).isEqualTo("current");
        assertThat(releases.at("/0/manifest_sha256").asText()).isEqualTo(ManifestChecks.sha256(bytes));
    }

    @Test
    @Order(2)
    void aSecondRunIsJudgedAgainstTheFirstAsBaseline() throws Exception {
        second = manifest(launch(), 0, "PROMOTED");
        assertThat(second.at("/release/version").asText()).isEqualTo("1.4.0+2");
        assertThat(second.at("/previous_stable/version").asText()).isEqualTo("1.4.0");
        assertThat(second.at("/previous_stable/manifest_sha256").asText()).isEqualTo(firstSha256);

        JsonNode quality = ManifestChecks.gate(second, "textgen-lora", "quality");
        assertThat(quality.at("/verdict").asText()).isEqualTo("PASS");
        assertThat(quality.at("/baseline").asDouble()).isEqualTo(0.86);
        assertThat(ManifestChecks.gate(second, "embedder", "retrieval").at("/baseline").asDouble()).isEqualTo(0.93);
        assertThat(ManifestChecks.gate(second, "distill", "quality").at("/baseline").asDouble()).isEqualTo(0.84);
        JsonNode compat = ManifestChecks.gate(second, "textgen-lora", "compat");
        assertThat(compat.at("/verdict").asText()).isEqualTo("PASS");
        assertThat(compat.at("/baseline_sha256").asText())
                .isEqualTo(ManifestChecks.sha256(tree.file("specs/contracts/fusion-api.json")));
        assertThat(ManifestChecks.gate(first, "textgen-lora", "quality").has("baseline")).as("the first run had no baseline").isFalse();
    }

    @Test
    @Order(3)
    void fuseOfSiteManifestsFromTheRunGivesThePipelinesVerdicts() throws Exception {
        assertFuseGivesTheSameVerdicts(second, first, 0, "PROMOTED");
    }

    @Test
    @Order(4)
    void aFailedGateIsRejectedAndNotPromoted() throws Exception {
        tree.edit(TEXTGEN_STAGE, "EVAL_ACCURACY: \"0.86\"", "EVAL_ACCURACY: \"0.70\"");
        tree.commit("a worse adapter");
        JsonNode third = manifest(launch(), 1, "REJECTED");
        JsonNode quality = ManifestChecks.gate(third, "textgen-lora", "quality");
        assertThat(quality.at("/verdict").asText()).isEqualTo("FAIL");
        assertThat(quality.at("/observed").asDouble()).isEqualTo(0.70);
        assertThat(quality.at("/min").asDouble()).isEqualTo(0.82);
        assertThat(quality.at("/baseline").asDouble()).isEqualTo(0.86);

        JsonNode releases = releases();
        assertThat(releases.at("/0/release").asText()).isEqualTo(tree.release() + "@1.4.0+3");
        assertThat(releases.at("/0/verdict").asText()).isEqualTo("REJECTED");
        assertThat(releases.at("/0/stable").asText()).isEqualTo("-");
        assertThat(releases.at("/1/release").asText()).as("stable unchanged").isEqualTo(tree.release() + "@1.4.0+2");
        assertThat(releases.at("/1/stable").asText()).isEqualTo("current");
        assertFuseGivesTheSameVerdicts(third, second, 1, "REJECTED");
    }

    @Test
    @Order(5)
    void rollbackPreviousRerunsTheRecordedSpecAndImageDigests() throws Exception {
        String recordedImage = first.at("/images/textgen-lora").asText();
        tree.edit(SPEC, "P95_MS: \"180\"", "P95_MS: \"900\"");
        tree.commit("a slower student");
        tree.retagToAnotherImage();
        assertThat(FederatedWorkTree.imageId(tree.imageTag())).isNotEqualTo(recordedImage.replaceAll(".*@", ""));

        JsonNode rollback = manifest(CliRun.of("rollback", "--previous", tree.release(), "-o", "json"), 0, "PROMOTED");
        assertThat(rollback.at("/rollback_of/version").asText()).isEqualTo("1.4.0");
        assertThat(rollback.at("/rollback_of/manifest_sha256").asText())
                .isEqualTo(firstSha256);
        assertThat(rollback.at("/previous_stable/version").asText()).as("the rejected run was never stable")
                .isEqualTo("1.4.0+2");
        assertThat(rollback.at("/spec/sha256").asText()).isEqualTo(first.at("/spec/sha256").asText());
        assertThat(rollback.at("/spec/text").asText()).isEqualTo(first.at("/spec/text").asText());
        assertThat(rollback.at("/spec/files")).isEqualTo(first.at("/spec/files"));
        assertThat(rollback.at("/images")).isEqualTo(first.at("/images"));
        assertThat(ManifestChecks.find(rollback.at("/stages"), "name", "textgen-lora").at("/metrics/eval_accuracy").asDouble())
                .isEqualTo(0.86);
        assertThat(ManifestChecks.find(rollback.at("/stages"), "name", "distill").at("/metrics/p95_ms").asDouble()).isEqualTo(180);

        JsonNode releases = releases();
        assertThat(releases.at("/0/release").asText()).isEqualTo(tree.release() + "@1.4.0+4");
        assertThat(releases.at("/0/rollback_of").asText()).isEqualTo(tree.release() + "@1.4.0");
        assertThat(releases.at("/0/stable").asText()).isEqualTo("current");
        CliRun text = CliRun.of("releases", tree.release());
        assertThat(text.out()).containsPattern(tree.release() + "@1\\.4\\.0\\+4 .*PROMOTED .*current .* "
                + tree.release() + "@1\\.4\\.0\\n");
    }

    @Test
    @Order(6)
    void aFlippedByteInAStoredArtifactStopsTheRollbackNamingIt() throws Exception {
        JsonNode adapter = ManifestChecks.find(first.at("/artifacts"), "id", "textgen-lora/adapter");
        Path weights = ManifestChecks.path(adapter.at("/uri").asText()).resolve("adapter_model.bin");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(weights, bytes);
        int before = releases().size();

        CliRun run = CliRun.of("rollback", tree.release() + "@1.4.0");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("textgen-lora/adapter").contains("changed");

        Path published = tree.publishDir().resolve(tree.release() + "@1.4.0+2.json");
        byte[] manifest = Files.readAllBytes(published);
        manifest[manifest.length / 2] ^= 0x01;
        Files.write(published, manifest);
        CliRun second = CliRun.of("rollback", tree.release() + "@1.4.0+2");
        assertThat(second.exit()).as(second.err()).isEqualTo(2);
        assertThat(second.err()).contains(published.getFileName().toString()).contains("published manifest of " + tree.release() + "@1.4.0+2 changed");
        assertThat(releases()).as("no new release").hasSize(before);
    }

    @Test
    @Order(7)
    void aVersionAnotherHomeAlreadyPublishedIsSkippedNotOverwritten() throws Exception {
        Path foreign = tree.publishDir().resolve(tree.release() + "@1.4.0+5.json");
        Files.writeString(foreign, "{\"published\": \"by another skyrun home\"}\n");
        JsonNode next = manifest(launch(), 1, "REJECTED");
        assertThat(next.at("/release/version").asText()).isEqualTo("1.4.0+6");
        assertThat(foreign).hasContent("{\"published\": \"by another skyrun home\"}");
        assertThat(tree.publishDir().resolve(tree.release() + "@1.4.0+6.json")).exists();
        assertThat(releases().at("/0/release").asText()).isEqualTo(tree.release() + "@1.4.0+6");
    }

    @Test
    @Order(8)
    void malformedMetricsFailThatStageSkipItsDependantsAndLetTheRestFinish() throws Exception {
        tree.edit("specs/stages/local/embedder.yaml", "{\"recall_at_10\": %s,", "{\"recall_at_10\": \"%s\",");
        tree.commit("the embedder writes its recall as a string");
        JsonNode m = manifest(launch(), 1, "REJECTED");
        JsonNode embedder = ManifestChecks.find(m.at("/stages"), "name", "embedder");
        assertThat(embedder.at("/status").asText()).isEqualTo("FAILED");
        assertThat(embedder.at("/error").asText()).contains("recall_at_10", "/outputs/metrics.json", "not a number");
        assertThat(ManifestChecks.find(m.at("/stages"), "name", "distill").at("/status").asText()).isEqualTo("SKIPPED");
        assertThat(ManifestChecks.find(m.at("/stages"), "name", "textgen-lora").at("/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(ManifestChecks.gate(m, "embedder", "retrieval").at("/verdict").asText()).isEqualTo("MISSING");
        assertThat(m.at("/artifacts")).extracting(a -> a.at("/id").asText()).containsExactly("textgen-lora/adapter");
    }

    @Test
    @Order(9)
    void aRollbackNeedsNoWorkTreeItUsesTheContractDigestsItsReleaseRecorded() throws Exception {
        Path moved = Files.move(tree.root(), dir.resolve("checkout-moved"));
        try {
            JsonNode again = manifest(CliRun.of("rollback", tree.release() + "@1.4.0+4", "-o", "json"), 0, "PROMOTED");
            assertThat(again.at("/rollback_of/version").asText()).isEqualTo("1.4.0+4");
            JsonNode compat = ManifestChecks.gate(again, "textgen-lora", "compat");
            assertThat(compat.at("/verdict").asText()).isEqualTo("PASS");
            assertThat(compat.at("/observed_sha256").asText())
                    .isEqualTo(ManifestChecks.find(first.at("/stages"), "name", "textgen-lora").at("/contracts")
                            .get("contracts/fusion-api.json").asText());
        } finally {
            Files.move(moved, tree.root());
        }
    }

    private CliRun launch() {
        return CliRun.of("launch", "-o", "json", tree.file(SPEC).toString());
    }

    /** The manifest a command printed ({@code -o json}), after checking its exit code, schema and verdict. */
    private static JsonNode manifest(CliRun run, int exit, String verdict) throws Exception {
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        JsonNode m = ManifestChecks.parse(run.out());
        assertThat(ManifestChecks.violations("manifest.schema.json", m)).isEmpty();
        assertThat(m.at("/verdict").asText()).isEqualTo(verdict);
        return m;
    }

    private JsonNode releases() throws Exception {
        CliRun r = CliRun.of("releases", tree.release(), "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return ManifestChecks.parse(r.out());
    }

    /** {@code fuse} of site manifests made from a run's results, against the run's baseline, judges as the run did. */
    private void assertFuseGivesTheSameVerdicts(JsonNode run, JsonNode stable, int exit, String verdict) throws Exception {
        Path baseline = Files.writeString(dir.resolve("stable-" + stable.at("/release/version").asText() + ".json"),
                stable.toString());
        JsonNode fused = manifest(fuse(run, baseline, tree.file(SPEC)), exit, verdict);
        assertThat(fused.at("/gates")).isEqualTo(run.at("/gates"));
        JsonNode fromGatesFile = manifest(fuse(run, baseline, RunSites.gatesFile(run, dir)), exit, verdict);
        assertThat(fromGatesFile.at("/gates")).isEqualTo(run.at("/gates"));
    }

    /** {@code skyrun fuse} of one site manifest per stage, made from a run's results and stored files. */
    private CliRun fuse(JsonNode run, Path baseline, Path gates) throws Exception {
        List<String> args = new ArrayList<>(List.of("fuse", "-o", "json", "--gates", gates.toString(),
                "--baseline", baseline.toString(), "--release", run.at("/release/name").asText() + "@"
                        + run.at("/release/version").asText()));
        for (Path site : RunSites.siteManifests(run, STAGES, dir)) {
            args.addAll(List.of("-m", site.toString()));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Span span(JsonNode manifest, String stage) {
        JsonNode s = ManifestChecks.find(manifest.at("/stages"), "name", stage);
        return new Span(Instant.parse(s.at("/started").asText()), Instant.parse(s.at("/ended").asText()));
    }

    private record Span(Instant started, Instant ended) {}
}
