package dev.skyrun.run;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.storage.StoreUri;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Before anything is provisioned: every store a task's mounts name is one a skyrun plug-in serves. SkyPilot's
 * other stores ({@code store: nebius}, {@code r2://}, {@code oci://}, a volume, ...) are valid specs, and launch
 * says plainly which one has no plug-in (exit 3) instead of failing later or reading a URI as a local path.
 */
final class StorePlugins {

    /** SkyPilot's store names and the URI scheme of the ones skyrun serves. */
    private static final Map<String, String> SCHEME_OF = Map.of("s3", "s3", "gcs", "gs", "azure", "az", "local", "file");

    private StorePlugins() {}

    /** Throws when a mount of {@code task} names a store no plug-in serves. */
    static void require(TaskSpec task) {
        for (FileMount m : task.fileMounts().values()) {
            kind(m).filter(k -> !StoreUri.SCHEMES.contains(k)).ifPresent(k -> {
                throw new CloudException("no plug-in for store '" + k + "' (file mount " + m.target() + "); skyrun serves "
                        + "s3, gcs, azure and local paths: use one of those, or add the plug-in of that provider");
            });
        }
    }

    /** The URI scheme a mount's store uses: its {@code store:} kind, else its source's scheme; empty for a path. */
    static Optional<String> kind(FileMount m) {
        if (m.store().isPresent()) {
            String store = m.store().get().toLowerCase(Locale.ROOT);
            return Optional.of(SCHEME_OF.getOrDefault(store, store));
        }
        return m.source().filter(s -> s.matches("[A-Za-z0-9]+://.*")).map(s -> s.substring(0, s.indexOf("://"))
                .toLowerCase(Locale.ROOT));
    }
}
