package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a valid spec holds that {@code launch} refuses (exit 2) because skyrun cannot run it yet, at the
 * key's FILE:LINE:COL: SkyPilot's {@code volumes:}. {@code validate} accepts such specs (they are
 * SkyPilot's), {@code plan} says that launch refuses them.
 */
public final class LaunchRefusals {

    private LaunchRefusals() {}

    /**
     * The refusals of a spec file that {@link SpecLoader} loaded without problems from {@code docs} (what
     * {@link SafeYaml} read from it): its tasks, chain and stages; stage files it names are read here.
     */
    public static List<Problem> of(Path file, List<YamlDocument> docs) {
        List<Problem> out = new ArrayList<>();
        for (YamlDocument doc : docs) {
            JsonNode root = doc.root();
            if (!"pipeline".equals(root.path("kind").asText())) {
                task(doc, "", out);
                continue;
            }
            JsonNode stages = root.path("stages");
            for (int i = 0; i < stages.size(); i++) {
                JsonNode task = stages.get(i).path("task");
                if (task.isTextual()) {
                    SafeYaml.read(PipelineLoader.stageFile(file, task.asText()), PipelineLoader.stageDisplay(file.toString(),
                            task.asText())).forEach(d -> task(d, "", out));
                } else {
                    task(doc, SourceMap.child(SourceMap.child(SourceMap.child("", "stages"), i), "task"), out);
                }
            }
        }
        return out;
    }

    private static void task(YamlDocument doc, String pointer, List<Problem> out) {
        JsonNode t = pointer.isEmpty() ? doc.root() : doc.root().at(pointer);
        if (t.has("volumes")) {
            out.add(Problem.of(doc.sourceMap().key(SourceMap.child(pointer, "volumes")), "skyrun does not yet support"
                    + " volumes (SkyPilot's persistent volumes): launch refuses this spec before anything is provisioned",
                    "use a named store that outlives the run instead: file_mounts: {/data: {name: BUCKET, store: s3,"
                    + " persistent: true}}"));
        }
    }
}
