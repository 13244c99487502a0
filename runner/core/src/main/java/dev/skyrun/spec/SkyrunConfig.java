package dev.skyrun.spec;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * skyrun's layered configuration, as SkyPilot layers its own: the user's
 * {@code $SKYRUN_HOME/config.yaml}, then the project's {@code .skyrun.yaml} (the nearest from the
 * working directory up to the git root), then the spec's {@code config:}, then the environment
 * ({@code SKYRUN_CATALOG_DIR}, {@code SKYRUN_<CLOUD>_<KEY>}), then {@code --config KEY=VALUE};
 * a later layer wins.
 *
 * <pre>{@code
 * # ~/.skyrun/config.yaml          # /repo/.skyrun.yaml
 * aws:                             aws:
 *   region: us-east-1                region: us-west-2     # wins: aws.region = us-west-2 (project)
 *   bucket: acme-runs
 * }</pre>
 *
 * <p>The plug-ins read each value as the environment variable of its key
 * ({@link #environment}), so a setting means the same wherever it is written.
 */
public final class SkyrunConfig {

    private final Map<String, ConfigValue> values;

    private SkyrunConfig(Map<String, ConfigValue> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Resolves every layer.
     *
     * @param home skyrun's home ({@code config.yaml} in it, if present)
     * @param workingDir where the project file is looked for (then upward to the git root)
     * @param env the environment
     * @param spec the spec whose {@code config:} applies, if any
     * @param commandLine {@code --config} settings, by key
     * @throws InvalidInputException naming FILE:LINE:COL of each problem in a file, or a bad key
     */
    public static SkyrunConfig resolve(Path home, Path workingDir, Map<String, String> env, Optional<Path> spec,
            Map<String, String> commandLine) {
        Map<String, ConfigValue> values = new HashMap<>();
        Path user = home.resolve("config.yaml");
        if (Files.isRegularFile(user)) {
            values.putAll(ConfigFile.read(user, ConfigLayer.USER));
        }
        projectFile(workingDir).ifPresent(p -> values.putAll(ConfigFile.read(p, ConfigLayer.PROJECT)));
        spec.ifPresent(s -> values.putAll(ConfigFile.read(s, ConfigLayer.SPEC)));
        new TreeMap<>(env).forEach((variable, value) -> ConfigKeys.key(variable)
                .ifPresent(k -> values.put(k, new ConfigValue(k, value, ConfigLayer.ENVIRONMENT, variable))));
        commandLine.forEach((k, v) -> values.put(checked(k), new ConfigValue(k, v, ConfigLayer.COMMAND_LINE, "--config " + k)));
        return new SkyrunConfig(values);
    }

    /**
     * The configuration a process starts with: the user's and the project's files (from the
     * working directory) and the environment; no spec, no {@code --config}.
     */
    public static SkyrunConfig forProcess(Map<String, String> env) {
        return resolve(home(env), Path.of("").toAbsolutePath(), env, Optional.empty(), Map.of());
    }

    /** skyrun's home: {@code $SKYRUN_HOME}, else {@code ~/.skyrun}. */
    public static Path home(Map<String, String> env) {
        String home = env.get("SKYRUN_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".skyrun") : Path.of(home);
    }

    /** The nearest {@code .skyrun.yaml} from {@code dir} up to the git root (the first directory with {@code .git}). */
    static Optional<Path> projectFile(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path file = d.resolve(".skyrun.yaml");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
            if (Files.exists(d.resolve(".git"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String checked(String key) {
        boolean known = key.equals(ConfigKeys.CATALOG)
                || ConfigKeys.CLOUDS.stream().anyMatch(c -> key.startsWith(c + ".") && key.length() > c.length() + 1);
        if (!known) {
            throw new InvalidInputException(Problem.of(Location.NONE, "--config " + key + ": no such setting",
                    "settings are catalog and CLOUD.KEY for a cloud of " + String.join(", ", ConfigKeys.CLOUDS)));
        }
        return key;
    }

    /** Every effective setting, by key. */
    public Map<String, ConfigValue> values() {
        return values;
    }

    /** The effective value of a key, if any layer set it. */
    public Optional<ConfigValue> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** {@code env} with every effective setting as the variable the plug-ins read ({@code aws.region}: {@code SKYRUN_AWS_REGION}). */
    public Map<String, String> environment(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>(env);
        values.values().forEach(v -> merged.put(ConfigKeys.variable(v.key()), v.value()));
        return merged;
    }
}
