package dev.skyrun.manifest;

import static dev.skyrun.manifest.GateJson.number;
import static dev.skyrun.manifest.GateJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.GateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one site produced, as {@code schemas/site-manifest.schema.json} describes: the input of
 * {@code skyrun fuse}.
 *
 * <pre>{@code
 * {"format": 1, "site": "textgen-lora", "metrics": {"eval_accuracy": 0.86},
 *  "artifacts": [{"id": "adapter", "role": "textgen", "uri": "hf://acme/adapter", "sha256": "...", "size": 1024}]}
 * }</pre>
 *
 * @param source the file it was read from, with its sha256
 * @param stage the site as a stage record (status SUCCEEDED, image, metrics, contracts)
 * @param artifacts its artifacts, with ids {@code SITE/ID}
 */
public record SiteManifest(SourceRecord source, StageRecord stage, List<ArtifactEntry> artifacts) {

    public SiteManifest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stage, "stage");
        artifacts = List.copyOf(artifacts);
    }

    /** Reads and validates a site manifest; a violation is exit-2 input naming the file and the field. */
    public static SiteManifest read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode n;
        try {
            n = CanonicalJson.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Problem.of(Location.of(file), e.getMessage()));
        }
        List<String> violations = ManifestSchemas.SITE_MANIFEST.violations(n);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.stream()
                    .map(v -> Problem.of(Location.of(file), v, "see schemas/site-manifest.schema.json")).toList());
        }
        String site = n.get("site").asText();
        JsonNode by = n.path("produced_by");
        Optional<Producer> producer = by.has("cloud") && by.has("region") && by.has("instance_type")
                ? Optional.of(new Producer(by.get("cloud").asText(), by.get("region").asText(), text(by, "zone"),
                        by.get("instance_type").asText(), by.path("spot").asBoolean(false),
                        number(by, "price_per_hour").orElse(0.0)))
                : Optional.empty();
        int attempts = by.path("attempts").asInt(1);
        double wall = number(by, "wall_seconds").orElse(0.0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        n.get("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().doubleValue()));
        Map<String, String> contracts = new LinkedHashMap<>();
        n.path("contracts").properties().forEach(e -> contracts.put(e.getKey(), e.getValue().asText()));
        List<ArtifactEntry> artifacts = new ArrayList<>();
        for (JsonNode a : n.get("artifacts")) {
            ArtifactDigest digest = new ArtifactDigest(a.get("sha256").asText(),
                    ArtifactDigest.Kind.valueOf(a.path("digest_kind").asText("FILE")), a.get("size").asLong());
            artifacts.add(new ArtifactEntry(site + "/" + a.get("id").asText(), site, text(a, "role"), digest,
                    a.get("uri").asText(), producer, attempts, wall, ArtifactEntry.cost(producer, wall)));
        }
        for (ArtifactEntry a : artifacts) {
            verifyLocal(file, a);
        }
        StageRecord stage = new StageRecord(site, StageRecord.Status.SUCCEEDED, text(n, "image"), metrics, contracts,
                Optional.empty());
        return new SiteManifest(new SourceRecord(file.toString(), Digests.sha256(bytes)), stage, artifacts);
    }

    /**
     * Digests a {@code file://} artifact again: what is fused (and promoted) must be what the site
     * recorded, so a changed or missing file is refused. Other schemes are recorded as given.
     */
    private static void verifyLocal(Path manifest, ArtifactEntry a) throws IOException {
        if (!a.uri().startsWith("file:")) {
            return;
        }
        Path path = Path.of(java.net.URI.create(a.uri()));
        String found;
        try {
            ArtifactDigest now = ArtifactDigest.of(path);
            found = now.kind() == a.digest().kind() ? now.sha256() : now.kind().name().toLowerCase(java.util.Locale.ROOT);
        } catch (java.nio.file.NoSuchFileException e) {
            found = "missing";
        }
        if (!found.equals(a.digest().sha256())) {
            throw new InvalidInputException(Problem.of(Location.of(manifest), "artifact " + a.id() + " at " + a.uri()
                    + " is not what the site recorded: sha256 " + found + ", recorded " + a.digest().sha256(),
                    "a changed artifact is never fused or promoted; restore it, or have the site record it again"));
        }
    }

    /** This site as a fuse input, judged by the given gates. */
    public StageOutcome outcome(List<GateSpec> gates) {
        return new StageOutcome(stage, artifacts, gates);
    }
}
