package dev.skyrun.manifest;

import static dev.skyrun.manifest.GateJson.number;
import static dev.skyrun.manifest.GateJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.gate.GateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Manifest} as JSON: {@link #bytes} writes canonical JSON (see {@link CanonicalJson}),
 * {@link #parse} reads it back after checking it against {@code schemas/manifest.schema.json}.
 */
public final class ManifestJson {

    private ManifestJson() {}

    /** The canonical bytes of a manifest: same manifest, same bytes, same sha256. */
    public static byte[] bytes(Manifest m) {
        return CanonicalJson.bytes(tree(m));
    }

    /** The JSON tree of a manifest. */
    public static ObjectNode tree(Manifest m) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("format", Manifest.FORMAT);
        n.putObject("release").put("name", m.release().name()).put("version", m.release().version());
        n.put("created", m.created().toString());
        n.put("verdict", m.verdict().name());
        m.spec().ifPresent(s -> {
            ObjectNode spec = n.putObject("spec").put("path", s.path()).put("sha256", s.sha256()).put("text", s.text());
            s.gitCommit().ifPresent(c -> spec.put("git_commit", c));
            ArrayNode files = spec.putArray("files");
            s.files().forEach(f -> files.addObject().put("path", f.path()).put("sha256", f.sha256()).put("text", f.text()));
        });
        ArrayNode sources = n.putArray("sources");
        m.sources().forEach(s -> sources.addObject().put("path", s.path()).put("sha256", s.sha256()));
        m.catalogVersion().ifPresent(v -> n.put("catalog_version", v));
        m.runId().ifPresent(v -> n.put("run_id", v));
        ObjectNode images = n.putObject("images");
        m.stages().forEach(s -> s.image().ifPresent(i -> images.put(s.name(), i)));
        ArrayNode stages = n.putArray("stages");
        m.stages().forEach(s -> stages.add(stage(s)));
        ArrayNode artifacts = n.putArray("artifacts");
        m.artifacts().forEach(a -> artifacts.add(artifact(a)));
        ArrayNode gates = n.putArray("gates");
        m.gates().forEach(g -> gates.add(GateJson.write(g)));
        m.previousStable().ifPresent(r -> n.set("previous_stable", ref(r)));
        m.rollbackOf().ifPresent(r -> n.set("rollback_of", ref(r)));
        return n;
    }

    /** Parses manifest bytes; schema violations and bad JSON are {@link dev.skyrun.schema.InvalidInputException}s naming the field. */
    public static Manifest parse(byte[] json) {
        JsonNode n = CanonicalJson.parse(json);
        ManifestSchemas.MANIFEST.check(n);
        Optional<SpecRecord> spec = Optional.ofNullable(n.get("spec")).map(ManifestJson::readSpec);
        List<SourceRecord> sources = new ArrayList<>();
        n.get("sources").forEach(s -> sources.add(new SourceRecord(s.get("path").asText(), s.get("sha256").asText())));
        List<StageRecord> stages = new ArrayList<>();
        n.get("stages").forEach(s -> stages.add(readStage(s)));
        List<ArtifactEntry> artifacts = new ArrayList<>();
        n.get("artifacts").forEach(a -> artifacts.add(readArtifact(a)));
        List<GateResult> gates = new ArrayList<>();
        n.get("gates").forEach(g -> gates.add(GateJson.read(g)));
        return new Manifest(
                new ReleaseId(n.get("release").get("name").asText(), n.get("release").get("version").asText()),
                Instant.parse(n.get("created").asText()), ReleaseVerdict.valueOf(n.get("verdict").asText()), spec,
                sources, text(n, "catalog_version"), text(n, "run_id"), stages, artifacts, gates,
                Optional.ofNullable(n.get("previous_stable")).map(ManifestJson::readRef),
                Optional.ofNullable(n.get("rollback_of")).map(ManifestJson::readRef));
    }

    private static SpecRecord readSpec(JsonNode s) {
        List<SpecRecord.File> files = new ArrayList<>();
        s.path("files").forEach(f -> files.add(new SpecRecord.File(f.get("path").asText(), f.get("sha256").asText(),
                f.get("text").asText())));
        return new SpecRecord(s.get("path").asText(), text(s, "git_commit"), s.get("sha256").asText(),
                s.get("text").asText(), files);
    }

    private static ObjectNode stage(StageRecord s) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("name", s.name());
        n.put("status", s.status().name());
        s.image().ifPresent(i -> n.put("image", i));
        ObjectNode metrics = n.putObject("metrics");
        s.metrics().forEach(metrics::put);
        ObjectNode contracts = n.putObject("contracts");
        s.contracts().forEach(contracts::put);
        s.error().ifPresent(e -> n.put("error", e));
        s.ran().ifPresent(r -> n.put("started", r.started().toString()).put("ended", r.ended().toString()));
        s.cost().ifPresent(c -> n.putObject("cost").put("run_id", c.runId()).put("usd", c.usd())
                .put("lost_usd", c.lostUsd()).put("attempts", c.attempts()));
        s.inputsSha256().ifPresent(d -> n.put("inputs_sha256", d));
        s.reusedFrom().ifPresent(r -> n.put("reused_from", r));
        return n;
    }

    private static StageRecord readStage(JsonNode n) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        n.get("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().doubleValue()));
        Map<String, String> contracts = new LinkedHashMap<>();
        n.get("contracts").properties().forEach(e -> contracts.put(e.getKey(), e.getValue().asText()));
        return new StageRecord(n.get("name").asText(), StageRecord.Status.valueOf(n.get("status").asText()),
                text(n, "image"), metrics, contracts, text(n, "error"), text(n, "started").map(st -> new StageRecord.Span(
                        Instant.parse(st), Instant.parse(n.get("ended").asText()))), cost(n.get("cost")),
                text(n, "inputs_sha256"), text(n, "reused_from"));
    }

    private static Optional<StageRecord.Cost> cost(JsonNode c) {
        return c == null ? Optional.empty() : Optional.of(new StageRecord.Cost(c.get("run_id").asText(),
                c.get("usd").asDouble(), c.get("lost_usd").asDouble(), c.get("attempts").asInt()));
    }

    private static ObjectNode artifact(ArtifactEntry a) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("id", a.id());
        n.put("stage", a.stage());
        a.role().ifPresent(r -> n.put("role", r));
        n.put("sha256", a.digest().sha256());
        n.put("digest_kind", a.digest().kind().name());
        n.put("size", a.digest().size());
        n.put("uri", a.uri());
        a.producer().ifPresent(p -> {
            ObjectNode pn = n.putObject("producer").put("cloud", p.cloud()).put("region", p.region())
                    .put("instance_type", p.instanceType()).put("spot", p.spot()).put("price_per_hour", p.pricePerHour());
            p.zone().ifPresent(z -> pn.put("zone", z));
        });
        n.put("attempts", a.attempts());
        n.put("wall_seconds", a.wallSeconds());
        a.estimatedCostUsd().ifPresent(c -> n.put("estimated_cost_usd", c));
        return n;
    }

    private static ArtifactEntry readArtifact(JsonNode n) {
        Optional<Producer> producer = Optional.ofNullable(n.get("producer")).map(p -> new Producer(
                p.get("cloud").asText(), p.get("region").asText(), text(p, "zone"), p.get("instance_type").asText(),
                p.get("spot").asBoolean(), p.get("price_per_hour").doubleValue()));
        ArtifactDigest digest = new ArtifactDigest(n.get("sha256").asText(),
                ArtifactDigest.Kind.valueOf(n.get("digest_kind").asText()), n.get("size").longValue());
        return new ArtifactEntry(n.get("id").asText(), n.get("stage").asText(), text(n, "role"), digest,
                n.get("uri").asText(), producer, n.get("attempts").intValue(), n.get("wall_seconds").doubleValue(),
                number(n, "estimated_cost_usd"));
    }

    private static ObjectNode ref(ReleaseRef r) {
        return CanonicalJson.mapper().createObjectNode().put("name", r.release().name())
                .put("version", r.release().version()).put("manifest_sha256", r.manifestSha256());
    }

    private static ReleaseRef readRef(JsonNode n) {
        return new ReleaseRef(new ReleaseId(n.get("name").asText(), n.get("version").asText()),
                n.get("manifest_sha256").asText());
    }
}
