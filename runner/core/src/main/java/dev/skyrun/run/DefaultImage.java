package dev.skyrun.run;

import java.util.Locale;
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

    /** How {@code validate} and {@code plan} name the default: {@code local: skyrun/busybox:local; aws: ubuntu:22.04}. */
    public static String describe(Iterable<String> clouds, boolean gpus, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (String c : clouds) {
            out.append(out.isEmpty() ? "" : "; ").append(c).append(": ").append(of(c, gpus, env));
        }
        return out.toString();
    }
}
