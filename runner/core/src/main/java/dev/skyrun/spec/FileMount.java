package dev.skyrun.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code file_mounts}: what appears at {@code target} inside the job.
 *
 * <pre>{@code
 * file_mounts:
 *   /data: s3://acme-data/train             # a store URI, COPY by default
 *   /config: ./config                       # a local path, bind-mounted read-only
 *   /in/adapter: stage://textgen-lora/adapter
 *   /checkpoints:
 *     name: acme-ckpt
 *     store: s3
 *     mode: MOUNT
 *     persistent: true
 * }</pre>
 *
 * @param target absolute path inside the job
 * @param sources a local path or a store URI ({@code s3://}, {@code gs://}, {@code az://},
 *     {@code file://}, {@code stage://STAGE/OUTPUT}); SkyPilot's {@code source: [a, b]} lists several local
 *     paths, each of which appears under {@code target} by its own name
 * @param name bucket name, for a store skyrun creates or reuses
 * @param store store kind for {@code name} ({@code s3}, {@code gcs}, {@code azure}, {@code local})
 * @param mode how the data gets there
 * @param persistent whether a store skyrun created outlives the run
 */
public record FileMount(
        String target, List<String> sources, Optional<String> name, Optional<String> store,
        MountMode mode, boolean persistent) {

    /** How a mount's data reaches the job. */
    public enum MountMode {
        /** Copied in before {@code run}, outputs copied back after. */
        COPY,
        /** Mounted as a file system (read through). */
        MOUNT,
        /** Mounted with a local cache, written back asynchronously. */
        MOUNT_CACHED
    }

    public FileMount {
        Objects.requireNonNull(target, "target");
        sources = List.copyOf(sources);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mode, "mode");
    }

    /** A simple {@code target: source} mount in COPY mode. */
    public static FileMount copy(String target, String source) {
        return new FileMount(target, List.of(source), Optional.empty(), Optional.empty(), MountMode.COPY, false);
    }

    /** The one source of a mount with a single source; empty without a source, or with a list of several. */
    public Optional<String> source() {
        return sources.size() == 1 ? Optional.of(sources.get(0)) : Optional.empty();
    }
}
