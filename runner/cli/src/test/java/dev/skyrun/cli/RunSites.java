package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a team that trained elsewhere would hand to {@code skyrun fuse}, made from a pipeline run's
 * fused manifest: one site manifest per stage (metrics, image, contracts, and artifacts whose
 * digests are recomputed from the stored files) and a gates file with the gates the run applied.
 */
final class RunSites {

    private RunSites() {}

    /** Writes one site manifest per stage into {@code dir}, each checked against its schema. */
    static List<Path> siteManifests(JsonNode run, List<String> stages, Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String stage : stages) {
            Path site = dir.resolve(run.at("/release/version").asText() + "-" + stage + ".json");
            Files.writeString(site, siteManifest(run, stage).toPrettyString());
            assertThat(ManifestChecks.violations("site-manifest.schema.json", ManifestChecks.parse(Files.readString(site))))
                    .as(site.toString()).isEmpty();
            files.add(site);
        }
        return files;
    }

    /** A gates file (JSON is YAML) with the gates the run's verdicts name, per stage. */
    static Path gatesFile(JsonNode run, Path dir) throws Exception {
        ObjectNode file = ManifestChecks.JSON.createObjectNode();
        ObjectNode perStage = file.putObject("gates");
        for (JsonNode g : run.at("/gates")) {
            ArrayNode gates = perStage.has(g.at("/stage").asText()) ? (ArrayNode) perStage.get(g.at("/stage").asText())
                    : perStage.putArray(g.at("/stage").asText());
            ObjectNode gate = gates.addObject().put("name", g.at("/name").asText());
            for (String key : List.of("metric", "min", "max", "vs_baseline", "tolerance", "contract")) {
                if (g.has(key)) {
                    gate.set(key, g.get(key));
                }
            }
        }
        return Files.writeString(dir.resolve("gates-" + run.at("/release/version").asText() + ".yaml"),
                file.toPrettyString());
    }

    private static ObjectNode siteManifest(JsonNode run, String stage) throws Exception {
        JsonNode s = ManifestChecks.find(run.at("/stages"), "name", stage);
        ObjectNode site = ManifestChecks.JSON.createObjectNode().put("format", 1).put("site", stage);
        site.put("image", s.at("/image").asText());
        site.set("metrics", s.at("/metrics"));
        site.set("contracts", s.at("/contracts"));
        ArrayNode artifacts = site.putArray("artifacts");
        for (JsonNode a : run.at("/artifacts")) {
            if (a.at("/stage").asText().equals(stage)) {
                Path stored = ManifestChecks.path(a.at("/uri").asText());
                artifacts.addObject().put("id", a.at("/id").asText().substring(stage.length() + 1))
                        .put("role", a.at("/role").asText()).put("uri", a.at("/uri").asText())
                        .put("sha256", ManifestChecks.treeSha256(stored)).put("digest_kind", "TREE")
                        .put("size", ManifestChecks.treeSize(stored));
            }
        }
        return site;
    }
}
