package dev.skyrun.gcp;

import dev.skyrun.cloud.CloudSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom skyrun talks to Google Cloud, read from {@link CloudSettings}.
 *
 * <p>Properties: {@code project} (else {@code GOOGLE_CLOUD_PROJECT}), {@code store} (the run
 * prefix, e.g. {@code gs://acme-skyrun/runs}), {@code poll-millis} (operation polling, default
 * 2000), {@code image-family} (the boot image family for GPU VMs). With an endpoint override
 * (loopback in tests) no credentials are sent.
 *
 * @param project the Google Cloud project id
 * @param endpoint the endpoint that replaces every Google API host, if set
 * @param runStore the {@code gs://bucket/prefix} under which runs keep status, logs and exit codes
 * @param pollInterval how long to wait between polls of a long-running operation
 * @param imageFamily boot image for VMs, {@code projects/P/global/images/family/F}
 */
public record GcpConfig(String project, Optional<URI> endpoint, String runStore, Duration pollInterval, String imageFamily) {

    /** The Deep Learning VM family with CUDA drivers and Docker's NVIDIA runtime. */
    public static final String DEFAULT_IMAGE_FAMILY =
            "projects/deeplearning-platform-release/global/images/family/common-cu124-debian-11-py310";

    public GcpConfig {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(runStore, "runStore");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(imageFamily, "imageFamily");
    }

    /** Reads the settings; the project falls back to {@code GOOGLE_CLOUD_PROJECT}, then {@code "unset-project"}. */
    public static GcpConfig from(CloudSettings settings) {
        String project = settings.property("project")
                .or(() -> Optional.ofNullable(System.getenv("GOOGLE_CLOUD_PROJECT")))
                .orElse("unset-project");
        String store = settings.property("store")
                .or(() -> Optional.ofNullable(System.getenv("SKYRUN_GCS_STORE")))
                .orElse("gs://" + project + "-skyrun/runs");
        Duration poll = Duration.ofMillis(Long.parseLong(settings.property("poll-millis").orElse("2000")));
        return new GcpConfig(project, settings.endpoint(), store, poll,
                settings.property("image-family").orElse(DEFAULT_IMAGE_FAMILY));
    }

    /** The endpoint as {@code http://host:port} without a trailing slash, if overridden. */
    public Optional<String> endpointBase() {
        return endpoint.map(u -> u.toString().replaceAll("/+$", ""));
    }

    /** The bucket of {@link #runStore}. */
    public String bucket() {
        return GsUri.parse(runStore).bucket();
    }

    /** The key prefix inside {@link #bucket()} of {@link #runStore}, empty or ending in {@code /}. */
    public String prefix() {
        return GsUri.parse(runStore).keyPrefix();
    }
}
