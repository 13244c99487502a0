package dev.skyrun.manifest;

import dev.skyrun.spec.GateSpec;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small, realistic manifests and stage outcomes for tests. */
public final class ManifestFixtures {

    private ManifestFixtures() {}

    /** A quality gate: {@code eval_accuracy >= min}, no worse than the baseline. */
    public static GateSpec quality(double min) {
        return new GateSpec("quality", Optional.of("eval_accuracy"), Optional.of(min), Optional.empty(),
                Optional.of(BaselineRule.NO_WORSE), Optional.of(0.005), Optional.empty());
    }

    /** A latency gate: {@code p95_ms <= max}. */
    public static GateSpec latency(double max) {
        return new GateSpec("latency", Optional.of("p95_ms"), Optional.empty(), Optional.of(max), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A compatibility gate on a contract file. */
    public static GateSpec compat(String contract) {
        return new GateSpec("compat", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(contract));
    }

    /** A succeeded stage with one artifact, produced on a spot GPU placement. */
    public static StageOutcome stage(String name, String role, Map<String, Double> metrics, List<GateSpec> gates) {
        StageRecord record = new StageRecord(name, StageRecord.Status.SUCCEEDED,
                Optional.of("skyrun-test/stand-in@sha256:" + "c".repeat(64)), metrics,
                Map.of("contracts/fusion-api.json", "d".repeat(64)), Optional.empty(), Optional.of(new StageRecord.Span(
                        Instant.parse("2026-11-23T09:00:00.5Z"), Instant.parse("2026-11-23T10:00:00.5Z"))));
        Producer producer = new Producer("gcp", "us-central1", Optional.of("us-central1-a"), "g2-standard-8", true, 0.85);
        ArtifactEntry artifact = new ArtifactEntry(name + "/model", name, Optional.of(role),
                new ArtifactDigest("e".repeat(64), ArtifactDigest.Kind.TREE, 1234), "file:///store/" + name + "/model",
                Optional.of(producer), 2, 3600.0, ArtifactEntry.cost(Optional.of(producer), 3600.0));
        return new StageOutcome(record, List.of(artifact), gates);
    }

    /** A pipeline-run manifest of two stages. */
    public static Manifest manifest(String version, double accuracy, Optional<Baseline> baseline) {
        List<StageOutcome> stages = List.of(
                stage("textgen-lora", "textgen", Map.of("eval_accuracy", accuracy, "p95_ms", 180.0),
                        List.of(quality(0.8), latency(250), compat("contracts/fusion-api.json"))),
                stage("embedder", "embed", Map.of("recall_at_10", 0.93), List.of()));
        SpecRecord main = SpecRecord.of("specs/federated.yaml", Optional.of("f".repeat(40)),
                "kind: pipeline\nname: federated\nstages:\n  - {name: embedder, task: stages/embedder.yaml}\n");
        SpecRecord spec = new SpecRecord(main.path(), main.gitCommit(), main.sha256(), main.text(),
                List.of(SpecRecord.File.of("stages/embedder.yaml", "name: embedder\nsecrets: {HF_TOKEN: '<redacted>'}\n")));
        Provenance provenance = new Provenance(Optional.of(spec), List.of(), Optional.of("skypilot-2026-11-01"),
                Optional.of("run-1"), Optional.empty());
        return Fusion.fuse(new ReleaseId("federated", version), Instant.parse("2026-11-23T09:30:00.123456Z"),
                stages, baseline, provenance);
    }
}
