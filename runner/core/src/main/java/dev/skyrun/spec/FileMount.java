package dev.skyrun.spec;

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
 * @param source a local path or a store URI ({@code s3://}, {@code gs://}, {@code az://},
 *     {@code file://}, {@code stage://STAGE/OUTPUT})
 * @param name bucket name, for a store skyrun creates or reuses
 * @param store store kind for {@code name} ({@code s3}, {@code gcs}, {@code azure}, {@code local})
 * @param mode how the data gets there
 * @param persistent whether a store skyrun created outlives the run
 */
public record FileMount(
        String target, Optional<String> source, Optional<String> name, Optional<String> store,
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
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mode, "mode");
    }

    /** A simple {@code target: source} mount in COPY mode. */
    public static FileMount copy(String target, String source) {
        return new FileMount(target, Optional.of(source), Optional.empty(), Optional.empty(), MountMode.COPY, false);
    }
}
