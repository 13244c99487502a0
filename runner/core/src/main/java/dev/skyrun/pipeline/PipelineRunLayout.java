package dev.skyrun.pipeline;

import dev.skyrun.storage.ObjectStore;
import java.util.Objects;

/**
 * Where one pipeline run keeps things: its id, its store (stage outputs under
 * {@code STAGE/...}) and that store's URI.
 *
 * @param runId the pipeline run's id ({@code federated-3fa2c1})
 * @param storeUri the run store's URI ({@code file:///home/u/.skyrun/runs/federated-3fa2c1/store})
 * @param store the run store
 */
public record PipelineRunLayout(String runId, String storeUri, ObjectStore store) {
    public PipelineRunLayout {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(storeUri, "storeUri");
        Objects.requireNonNull(store, "store");
    }

    /** Where a stage's outputs land. */
    public String stageUri(String stage) {
        return storeUri + "/" + stage;
    }

    /** The run name of a stage's run: the stage name (cut to 32) and the pipeline run's suffix. */
    public String runName(String stage) {
        String suffix = runId.substring(runId.lastIndexOf('-') + 1);
        String head = stage.length() > 32 ? stage.substring(0, 32).replaceAll("-+$", "") : stage;
        return head + "-" + suffix;
    }
}
