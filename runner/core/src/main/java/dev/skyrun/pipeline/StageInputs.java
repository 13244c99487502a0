package dev.skyrun.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.CanonicalJson;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The digest of what a stage's run depends on: its task as written (secret values left out: only
 * their names count), the image digest it runs, the digests of its upstream stages' artifacts and
 * of its contracts. Two runs with the same digest run the same thing on the same inputs.
 */
final class StageInputs {

    private StageInputs() {}

    static String sha256(Stage stage, String image, Map<String, StageOutcome> upstream, Map<String, String> contracts) {
        TaskSpec t = stage.task();
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("stage", stage.name());
        n.put("image", image);
        n.put("workdir", t.workdir().orElse(""));
        n.put("num_nodes", t.numNodes());
        n.put("resources", t.resources().toString());
        n.put("envs", new TreeMap<>(t.envs()).toString());
        n.put("secret_names", new TreeSet<>(t.secrets().keySet()).toString());
        n.put("file_mounts", new TreeMap<>(t.fileMounts()).toString());
        n.put("setup", t.setup().orElse(""));
        n.put("run", t.run().orElse(""));
        n.put("outputs", new TreeMap<>(t.outputs()).toString());
        n.put("metrics", t.metrics().orElse(""));
        ObjectNode inputs = n.putObject("upstream");
        new TreeMap<>(upstream).forEach((name, o) -> {
            ObjectNode artifacts = inputs.putObject(name);
            for (ArtifactEntry a : o.artifacts()) {
                artifacts.put(a.id(), a.digest().sha256());
            }
        });
        ObjectNode c = n.putObject("contracts");
        new TreeMap<>(contracts).forEach(c::put);
        return Digests.sha256(n.toString().getBytes(StandardCharsets.UTF_8));
    }
}
