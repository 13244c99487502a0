package dev.skyrun.aws;

import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.TeardownPace;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The AWS plug-in's view of {@link CloudSettings}: region, per-service endpoints and credentials.
 *
 * <p>Properties (all optional): {@code region} (else {@code AWS_REGION}, else {@code us-east-1});
 * {@code <service>_endpoint} for {@code ec2, s3, ssm, sts, pricing, sagemaker, logs} (else the settings' endpoint,
 * else AWS's own); {@code path_style} ({@code true} by default when S3 has an endpoint override);
 * {@code access_key_id}/{@code secret_access_key} (else the SDK's default credential chain);
 * {@code bucket}, the bucket that holds run status objects; {@code cache_dir}, where live prices
 * are cached (else {@code $SKYRUN_HOME/cache}, else {@code ~/.skyrun/cache}).
 *
 * <pre>{@code
 * new CloudSettings("aws", Optional.of(URI.create("http://127.0.0.1:9090")),
 *         Map.of("region", "us-west-2", "s3_endpoint", "http://127.0.0.1:9191"))
 * }</pre>
 *
 * @param settings the settings as given
 */
public record AwsConfig(CloudSettings settings) {

    /** The default region when neither the settings nor the environment name one. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** The region API calls go to unless one names another. */
    public String region() {
        return settings.property("region")
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
                .orElse(DEFAULT_REGION);
    }

    /** The endpoint override for a service ({@code ec2}, {@code s3}...), if any. */
    public Optional<URI> endpoint(String service) {
        return settings.property(service + "_endpoint").map(URI::create).or(settings::endpoint);
    }

    /** Whether S3 uses path-style addressing ({@code http://host/bucket/key}). */
    public boolean pathStyle() {
        return settings.property("path_style").map(Boolean::parseBoolean).orElse(endpoint("s3").isPresent());
    }

    /** Static credentials given in the settings, if any (tests, explicit profiles). */
    public Optional<String[]> staticCredentials() {
        Optional<String> id = settings.property("access_key_id");
        Optional<String> secret = settings.property("secret_access_key");
        return id.isPresent() && secret.isPresent() ? Optional.of(new String[] {id.get(), secret.get()}) : Optional.empty();
    }

    /** The directory of skyrun's caches (live spot prices). */
    public java.nio.file.Path cacheDir() {
        return settings.property("cache_dir").map(java.nio.file.Path::of).orElseGet(() -> {
            String home = System.getenv("SKYRUN_HOME");
            return home == null || home.isBlank()
                    ? java.nio.file.Path.of(System.getProperty("user.home"), ".skyrun", "cache")
                    : java.nio.file.Path.of(home, "cache");
        });
    }

    /** The bucket for run status objects, if configured. */
    public Optional<String> bucket() {
        return settings.property("bucket").or(() -> Optional.ofNullable(System.getenv("SKYRUN_AWS_BUCKET")));
    }

    /** A numeric property ({@code poll_ms}, {@code terminate_timeout_s}...), or {@code fallback}. */
    public long number(String key, long fallback) {
        return settings.number(key, fallback);
    }

    /** How a teardown verifies instances and jobs are gone: every {@code poll_ms}, for {@code terminate_timeout_s}. */
    public TeardownPace teardownPace() {
        return new TeardownPace(Duration.ofMillis(number("poll_ms", 2000)), Duration.ofSeconds(number("terminate_timeout_s", 600)));
    }
}
