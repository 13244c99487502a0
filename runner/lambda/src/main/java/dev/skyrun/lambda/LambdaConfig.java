package dev.skyrun.lambda;

import dev.skyrun.cloud.CloudSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Lambda plug-in's view of {@link CloudSettings}: API endpoint and key, SSH and VM paths.
 *
 * <p>Properties (all optional, {@code SKYRUN_LAMBDA_<KEY>}): the settings' endpoint replaces
 * {@link #DEFAULT_ENDPOINT} (a loopback fake in tests); {@code api_key} (else {@code LAMBDA_API_KEY},
 * else {@code api_key = KEY} in {@code ~/.lambda_cloud/lambda_keys}, where SkyPilot reads it);
 * {@code key_dir}, where per-cluster SSH keys are kept (else {@code $SKYRUN_HOME/keys/lambda});
 * {@code ssh_user} ({@code ubuntu}), {@code ssh_port} (22); {@code vm_root}, the directory on the
 * instance that holds the run's status objects ({@code /home/ubuntu/.skyrun}); {@code secret_root},
 * the memory-only directory secrets are handed over in ({@code /dev/shm/skyrun}).
 *
 * <pre>{@code
 * new CloudSettings("lambda", Optional.of(URI.create("http://127.0.0.1:9090/api/v1")), Map.of("api_key", "secret_x"))
 * }</pre>
 *
 * @param settings the settings as given
 */
record LambdaConfig(CloudSettings settings) {

    /** Lambda Cloud's public API. */
    static final String DEFAULT_ENDPOINT = "https://cloud.lambdalabs.com/api/v1";
    /** Where SkyPilot (and Lambda's own tools) keep the key. */
    static final String KEYS_FILE = ".lambda_cloud/lambda_keys";

    /** The API's base URL. */
    URI endpoint() {
        return settings.endpoint().orElse(URI.create(DEFAULT_ENDPOINT));
    }

    /** The API key, if configured anywhere skyrun looks. */
    Optional<String> apiKey() {
        return settings.property("api_key")
                .or(() -> Optional.ofNullable(System.getenv("LAMBDA_API_KEY")).filter(k -> !k.isBlank()))
                .or(() -> fromKeysFile(Path.of(System.getProperty("user.home")).resolve(KEYS_FILE)));
    }

    /** The {@code api_key} line of a {@code lambda_keys} file. */
    static Optional<String> fromKeysFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith("api_key"))
                    .map(l -> l.substring(l.indexOf('=') + 1).strip()).filter(k -> !k.isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The directory of the per-cluster SSH keys. */
    Path keyDir() {
        return settings.property("key_dir").map(Path::of).orElseGet(() -> {
            String home = System.getenv("SKYRUN_HOME");
            Path root = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".skyrun") : Path.of(home);
            return root.resolve("keys").resolve("lambda");
        });
    }

    String sshUser() {
        return settings.property("ssh_user").orElse("ubuntu");
    }

    int sshPort() {
        return (int) number("ssh_port", 22);
    }

    /** The directory on the instance holding the status objects the bootstrap writes and the runner reads over SSH. */
    String vmRoot() {
        return settings.property("vm_root").orElse("/home/" + sshUser() + "/.skyrun");
    }

    /** The memory-only directory on the instance that secrets are handed over in. */
    String secretRoot() {
        return settings.property("secret_root").orElse("/dev/shm/skyrun");
    }

    /** A numeric property, or {@code fallback}. */
    long number(String key, long fallback) {
        return settings.number(key, fallback);
    }
}
