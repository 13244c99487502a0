package dev.skyrun.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, for tests: builds local test images with the project's own
 * script, acts from outside skyrun (kill, inspect) and finds what a run left behind.
 */
public final class Docker {

    /** The busybox test image; built by {@code containers/build-images.sh}, never pulled. */
    public static final String BUSYBOX = "skyrun-test/busybox:local";

    /** The "VM" image of the bootstrap ITs: busybox, curl, the docker client, rclone and fusermount3, from the host's Debian packages. */
    public static final String VM_IMAGE = "skyrun-test/vm:2";

    /** The job image of the bootstrap ITs: busybox only. */
    public static final String JOB_IMAGE = "skyrun-test/vm-job:1";

    /** A job image with python3 (the host's Debian one) and busybox, but no curl: a slim Python image. */
    public static final String PYTHON_IMAGE = "skyrun-test/vm-python:1";

    private static volatile boolean busyboxBuilt;

    private Docker() {}

    /** The busybox test image's tag, building it on first use in this JVM. */
    public static synchronized String busybox() {
        if (!busyboxBuilt) {
            Result r = run(List.of(ProjectDirs.root().resolve("containers/build-images.sh").toString(), BUSYBOX));
            if (r.code() != 0) {
                throw new IllegalStateException("containers/build-images.sh failed: " + r.output());
            }
            busyboxBuilt = true;
        }
        return BUSYBOX;
    }

    /**
     * Builds {@link #VM_IMAGE}, {@link #JOB_IMAGE} and {@link #PYTHON_IMAGE} with no pull (the
     * testkit's {@code vm-image.sh} imports busybox, curl, python3 and the docker client of this
     * host), unless they exist already. A
     * bootstrap IT runs a rendered startup script in {@link #VM_IMAGE} with the Docker socket
     * mounted, so the job container starts on the real engine.
     */
    public static synchronized void vmImages() {
        if (docker("image", "inspect", VM_IMAGE, JOB_IMAGE, PYTHON_IMAGE).code() == 0) {
            return;
        }
        try {
            Path script = Files.createTempFile("vm-image", ".sh");
            try (InputStream in = Docker.class.getResourceAsStream("vm-image.sh")) {
                Files.write(script, in.readAllBytes());
            }
            Result r = run(List.of("sh", script.toString(), VM_IMAGE, JOB_IMAGE, PYTHON_IMAGE));
            Files.delete(script);
            if (r.code() != 0) {
                throw new IllegalStateException("building the VM test images failed: " + r.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every container (any state) carrying {@code key=value}. */
    public static void removeLabelled(String key, String value) {
        List<String> ids = containersLabelled(key, value);
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("docker", "rm", "-f"));
            args.addAll(ids);
            run(args);
        }
    }

    /** Ids of containers (any state) carrying {@code key=value}. */
    public static List<String> containersLabelled(String key, String value) {
        return lines(run(List.of("docker", "ps", "-aq", "--filter", "label=" + key + "=" + value)));
    }

    /** Ids of networks carrying {@code key=value}. */
    public static List<String> networksLabelled(String key, String value) {
        return lines(run(List.of("docker", "network", "ls", "-q", "--filter", "label=" + key + "=" + value)));
    }

    /** Containers and networks left with {@code skyrun-run=runId}: what a clean end leaves none of. */
    public static List<String> orphans(String runId) {
        List<String> all = new ArrayList<>(containersLabelled("skyrun-run", runId));
        all.addAll(networksLabelled("skyrun-run", runId));
        return all;
    }

    /** Runs {@code docker ARGS...}. */
    public static Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    /**
     * A finished command.
     *
     * @param code exit code
     * @param output stdout and stderr
     */
    public record Result(int code, String output) {}

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private static List<String> lines(Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("docker failed: " + r.output());
        }
        return r.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
