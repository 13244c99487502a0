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

    /**
     * The containers the engine creates while it is open, with the value of one label, read live from
     * {@code docker events}. A window asked for afterwards ({@code docker events --since T --until U}) is replayed
     * from the engine's last 256 events only, which a busy machine's other containers push out within seconds (seen:
     * the oldest event left was 23 s old), so a test counting creations that way can miss them. This stream starts
     * from its own start time and then follows live, so it misses none.
     */
    public static final class CreationWatch implements AutoCloseable {
        private final Process process;
        private final Thread reader;
        private final List<String> values = java.util.Collections.synchronizedList(new ArrayList<>());

        private CreationWatch(Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().start(() -> {
                try (java.io.BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        values.add(line.strip());
                    }
                } catch (IOException e) {
                    // the stream ends when the watch closes
                }
            });
        }

        /** Watches container creations from now on, keeping the value of label {@code key} ("" when unset). */
        public static CreationWatch start(String key) {
            java.time.Instant now = java.time.Instant.now();
            String since = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
            try {
                return new CreationWatch(new ProcessBuilder("docker", "events", "--since", since, "--filter", "type=container",
                        "--filter", "event=create", "--format", "{{index .Actor.Attributes \"" + key + "\"}}")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run docker events: " + e.getMessage(), e);
            }
        }

        /** The label values of the containers created so far (one entry a container, in order). */
        public List<String> values() {
            synchronized (values) {
                return List.copyOf(values);
            }
        }

        /** Waits up to {@code seconds} for {@code count} creations whose label value starts with {@code prefix}. */
        public List<String> await(String prefix, int count, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<String> seen = matching(prefix);
            while (seen.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
                seen = matching(prefix);
            }
            return seen;
        }

        /** The label values starting with {@code prefix}, after the events of what has happened so far have arrived. */
        public List<String> settled(String prefix) throws InterruptedException {
            Thread.sleep(1000); // an event reaches the stream within milliseconds of the creation it reports
            return matching(prefix);
        }

        private List<String> matching(String prefix) {
            return values().stream().filter(v -> v.startsWith(prefix)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private static List<String> lines(Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("docker failed: " + r.output());
        }
        return r.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
