package dev.skyrun.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key space of skyrun's configuration: {@code catalog} ({@code SKYRUN_CATALOG_DIR}) and
 * {@code <cloud>.<key>}, which is the cloud plug-in's setting {@code <key>}
 * ({@code SKYRUN_<CLOUD>_<KEY>}); which keys only the user's own layers may set.
 */
final class ConfigKeys {

    /** The catalog directory. */
    static final String CATALOG = "catalog";

    /** The clouds whose plug-in settings the configuration holds. */
    static final List<String> CLOUDS = List.of("aws", "sagemaker", "gcp", "vertex", "lambda", "local", "azure");

    private static final String PREFIX = "SKYRUN_";

    private ConfigKeys() {}

    /** The environment variable of a key: {@code aws.region} is {@code SKYRUN_AWS_REGION}. */
    static String variable(String key) {
        return key.equals(CATALOG) ? "SKYRUN_CATALOG_DIR" : PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The key of an environment variable, if it is one of the configuration's. */
    static Optional<String> key(String variable) {
        if (variable.equals("SKYRUN_CATALOG_DIR")) {
            return Optional.of(CATALOG);
        }
        for (String cloud : CLOUDS) {
            String prefix = PREFIX + cloud.toUpperCase(Locale.ROOT) + "_";
            if (variable.startsWith(prefix) && variable.length() > prefix.length()) {
                return Optional.of(cloud + "." + variable.substring(prefix.length()).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** Whether a key sends credentials or files elsewhere: endpoints, keys, local directories and files, trust anchors. */
    static boolean userOnly(String key) {
        String name = key.substring(key.indexOf('.') + 1);
        return name.equals("endpoint") || name.endsWith("_endpoint") || name.equals("access_key_id")
                || name.equals("secret_access_key") || name.equals("api_key") || name.endsWith("_dir")
                || name.equals("path_style") || name.endsWith("connection_string") || name.equals("ca_bundle");
    }

    /** A layer as messages name it. */
    static String describe(ConfigLayer layer) {
        return switch (layer) {
            case USER -> "~/.skyrun/config.yaml";
            case PROJECT -> "a project's .skyrun.yaml";
            case SPEC -> "a spec's config:";
            case ENVIRONMENT -> "the environment";
            case COMMAND_LINE -> "--config";
        };
    }
}
