package dev.skyrun.gcp;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code vertex} plug-in: Vertex AI custom training jobs ({@code infra: vertex/us-central1}).
 * Settings come from {@code SKYRUN_VERTEX_*} ({@link GcpConfig}); {@code gs://} stores are the
 * {@code gcp} plug-in's. Loads no Google class until {@link #open}.
 */
public final class VertexProvider implements CloudProvider {

    /** The cloud's name. */
    public static final String NAME = "vertex";

    @Override
    public String name() {
        return NAME;
    }

    /** Vertex AI takes the same Google credentials as {@code gcp}. */
    @Override
    public boolean credentialsConfigured(Map<String, String> env, Path home) {
        return new GcpProvider().credentialsConfigured(env, home);
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return new VertexCloud(GcpConfig.from(settings));
    }
}
