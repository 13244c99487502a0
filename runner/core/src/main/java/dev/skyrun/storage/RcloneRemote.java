package dev.skyrun.storage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How rclone reaches a cloud's object store: a backend type and its options, as a plug-in
 * describes them ({@link dev.skyrun.cloud.CloudProvider#mountRemote}). They reach the rclone
 * process through its environment only ({@code RCLONE_CONFIG_<REMOTE>_<OPTION>}), never its
 * command line, a file or a log, since options may hold keys.
 *
 * <pre>{@code
 * new RcloneRemote("s3", Map.of("provider", "Other", "endpoint", "http://127.0.0.1:9090", "env_auth", "true"))
 * }</pre>
 *
 * @param type rclone's backend ({@code s3}, {@code azureblob}, {@code google cloud storage})
 * @param options the backend's options by rclone's name ({@code endpoint}, {@code access_key_id}...)
 */
public record RcloneRemote(String type, Map<String, String> options) {

    /** The name skyrun's remote has in the rclone process's environment. */
    public static final String NAME = "skyrun";

    public RcloneRemote {
        Objects.requireNonNull(type, "type");
        options = Map.copyOf(options);
    }

    /** The environment variables that define this remote as {@link #NAME} for an rclone process. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        String base = "RCLONE_CONFIG_" + NAME.toUpperCase(Locale.ROOT) + "_";
        env.put(base + "TYPE", type);
        options.forEach((k, v) -> env.put(base + k.toUpperCase(Locale.ROOT), v));
        return env;
    }

    /** The rclone path of a store location on this remote: {@code skyrun:bucket/prefix}. */
    public static String path(StoreUri uri) {
        return NAME + ":" + uri.bucket() + (uri.prefix().isEmpty() ? "" : "/" + uri.prefix());
    }

    @Override
    public String toString() {
        return "RcloneRemote[" + type + ", options " + options.keySet() + "]";
    }
}
