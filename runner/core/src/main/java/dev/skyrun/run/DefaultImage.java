package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;

/**
 * The image a job runs in when its task names none ({@code image:} or {@code image_id: docker:IMG}): on
 * {@code local} the one {@code containers/build-images.sh} builds, elsewhere a plain Ubuntu (with CUDA when the node
 * has accelerators), as SkyPilot runs a task without an image on its default OS image. Each is configurable:
 * {@code SKYRUN_DEFAULT_IMAGE_<CLOUD>} (e.g. {@code SKYRUN_DEFAULT_IMAGE_AWS}), then {@code SKYRUN_DEFAULT_IMAGE}.
 */
public final class DefaultImage {

    /** What {@code containers/build-images.sh} builds. */
    public static final String LOCAL = "skyrun/busybox:local";
    /** CPU nodes of the clouds. */
    public static final String CPU = "ubuntu:22.04";
    /** Nodes with GPUs. */
    public static final String GPU = "nvidia/cuda:12.4.1-runtime-ubuntu22.04";

    private DefaultImage() {}

    /** The default image on {@code cloud} for a node with ({@code gpus}) or without accelerators. */
    public static String of(String cloud, boolean gpus, Map<String, String> env) {
        String perCloud = env.get("SKYRUN_DEFAULT_IMAGE_" + cloud.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (perCloud != null && !perCloud.isBlank()) {
            return perCloud.strip();
        }
        String all = env.get("SKYRUN_DEFAULT_IMAGE");
        if (all != null && !all.isBlank()) {
            return all.strip();
        }
        return "local".equals(cloud) ? LOCAL : gpus ? GPU : CPU;
    }

    /**
     * The image a job runs in on {@code placement}: the one its plan's alternative chose (the task's {@code image:},
     * else the entry's {@code image_id: docker:...}), else the cloud's default; for a placement made outside the
     * planner, {@code unplanned} (the task's own), else the default.
     */
    public static String on(Placement placement, Optional<String> unplanned, Map<String, String> env) {
        Optional<String> chosen = placement.options().isPresent() ? placement.options().get().image() : unplanned;
        return chosen.orElseGet(() -> of(placement.cloud(), placement.accelerator().isPresent(), env));
    }
}
