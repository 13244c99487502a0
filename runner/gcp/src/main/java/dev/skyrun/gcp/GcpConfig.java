package dev.skyrun.gcp;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.TeardownPace;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom skyrun talks to Google Cloud, read from {@link CloudSettings}
 * ({@code SKYRUN_GCP_*} / {@code SKYRUN_VERTEX_*} environment variables).
 *
 * <p>Properties: {@code project} (else {@code GOOGLE_CLOUD_PROJECT}), {@code bucket} (the GCS
 * bucket of run status, logs and exit codes), {@code poll_ms} (operation polling, 2000),
 * {@code heartbeat_s} (30), {@code heartbeat_timeout_s} (300), {@code autostop_minutes} (10),
 * {@code terminate_timeout_s} (how long a teardown waits for nodes to be gone, 600),
 * {@code image_family} (boot image of VMs), {@code bucket_location} (where skyrun creates a named
 * store's GCS bucket, {@code us-central1}), and for VM scripts {@code gcs_endpoint},
 * {@code metadata_endpoint}, {@code secrets_endpoint}. For {@code vertex} also {@code region}
 * (of {@code skyrun check}), {@code regions} (swept for leaks), {@code service_account} and
 * {@code aiplatform_endpoint} (Vertex AI's gRPC {@code host:port}, plaintext). With an endpoint
 * override (loopback in tests) no credentials are sent.
 *
 * @param settings the raw settings
 * @param project the Google Cloud project id
 * @param endpoint the endpoint that replaces every Google API host, if set
 */
public record GcpConfig(CloudSettings settings, String project, Optional<URI> endpoint) {

    /** The Deep Learning VM family with CUDA drivers, Docker and the NVIDIA container runtime. */
    public static final String DEFAULT_IMAGE_FAMILY =
            "projects/deeplearning-platform-release/global/images/family/common-cu124-debian-11-py310";

    public GcpConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Reads the settings; the project falls back to {@code GOOGLE_CLOUD_PROJECT}. */
    public static GcpConfig from(CloudSettings settings) {
        String project = settings.property("project")
                .or(() -> Optional.ofNullable(System.getenv("GOOGLE_CLOUD_PROJECT")))
                .orElse("");
        return new GcpConfig(settings, project, settings.endpoint());
    }

    /** The project, or a CloudException saying how to set it. */
    public String requireProject() {
        if (project.isEmpty()) {
            throw new CloudException(settings.cloud() + ": no Google Cloud project; set GOOGLE_CLOUD_PROJECT or SKYRUN_"
                    + settings.cloud().toUpperCase(java.util.Locale.ROOT) + "_PROJECT");
        }
        return project;
    }

    /** The endpoint as {@code http://host:port} without a trailing slash, if overridden. */
    public Optional<String> endpointBase() {
        return endpoint.map(u -> u.toString().replaceAll("/+$", ""));
    }

    /** The bucket of run status, or a CloudException saying how to set it. */
    public String bucket() {
        return settings.property("bucket").orElseThrow(() -> new CloudException(settings.cloud()
                + ": no bucket for run status; set SKYRUN_" + settings.cloud().toUpperCase(java.util.Locale.ROOT)
                + "_BUCKET to a GCS bucket the VMs' service account can write"));
    }

    /** Where skyrun creates a GCS bucket (a named store's): {@code bucket_location}, else SkyPilot's {@code us-central1}. */
    public String bucketLocation() {
        return settings.property("bucket_location").orElse("us-central1");
    }

    /** How long to wait between polls of a long-running operation. */
    public Duration pollInterval() {
        return Duration.ofMillis(number("poll_ms", 2000));
    }

    /** Boot image family of VMs. */
    public String imageFamily() {
        return settings.property("image_family").orElse(DEFAULT_IMAGE_FAMILY);
    }

    /** How a teardown verifies nodes and jobs are gone: every poll interval, for {@code terminate_timeout_s}. */
    public TeardownPace teardownPace() {
        return new TeardownPace(pollInterval(), Duration.ofSeconds(number("terminate_timeout_s", 600)));
    }

    /** A numeric property. */
    public long number(String key, long fallback) {
        return settings.number(key, fallback);
    }
}
