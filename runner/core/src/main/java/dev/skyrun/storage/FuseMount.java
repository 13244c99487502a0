package dev.skyrun.storage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store location mounted as a directory of this machine with {@code rclone mount} (FUSE):
 * {@link Caching#STREAMED} reads through (nothing is copied up front), {@link Caching#CACHED}
 * keeps a local disk cache and writes back asynchronously. Beside the mount point {@code P}
 * live {@code P.log} (rclone's log), {@code P.cache} and {@code P.control} ({@link RcloneControl});
 * the rclone process outlives a killed skyrun, and {@link #releaseBelow} (any later process)
 * flushes and unmounts what is left.
 *
 * <pre>{@code
 * FuseMount.mount(remote, StoreUri.parse("s3://acme-data/train"), runDir.resolve("fuse/0"), Caching.STREAMED);
 * ...
 * FuseMount.releaseBelow(runDir.resolve("fuse"), Duration.ofMinutes(10));
 * }</pre>
 */
public final class FuseMount {

    /** Whether a mount caches on local disk. */
    public enum Caching {
        /** Reads and writes go straight to the store (rclone's {@code --vfs-cache-mode off}). */
        STREAMED,
        /** Reads cached, writes written back after a second ({@code --vfs-cache-mode full}). */
        CACHED
    }

    private static final Duration READY = Duration.ofSeconds(30);

    private FuseMount() {}

    /**
     * What this machine lacks to mount with FUSE, with the fix, if anything: {@code /dev/fuse},
     * {@code rclone} or {@code fusermount3} on the PATH.
     */
    public static Optional<String> unsupported(Map<String, String> env) {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return Optional.of("this machine has no /dev/fuse (FUSE): run skyrun where FUSE is available, or use mode: COPY");
        }
        for (String tool : List.of("rclone", "fusermount3")) {
            if (onPath(tool, env).isEmpty()) {
                return Optional.of(tool + " is not on the PATH: install Debian's rclone and fuse3 packages"
                        + " (apt-get install rclone fuse3), or use mode: COPY");
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String tool, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Mounts {@code uri} at {@code point} (created, empty) and returns once the mount is in the
     * mount table.
     *
     * @throws IOException naming rclone's own last words when it does not mount
     */
    public static void mount(RcloneRemote remote, StoreUri uri, Path point, Caching caching) throws IOException {
        Files.createDirectories(point);
        RcloneControl control = RcloneControl.fresh();
        control.save(sibling(point, ".control"));
        Path log = sibling(point, ".log");
        List<String> cmd = new ArrayList<>(List.of("rclone", "mount", RcloneRemote.path(uri), point.toString(),
                "--log-file", log.toString(), "--log-level", "INFO", "--dir-cache-time", "5s"));
        cmd.addAll(control.flags());
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-other"); // jobs whose image runs as another user read it too
        }
        if (caching == Caching.CACHED) {
            cmd.addAll(List.of("--vfs-cache-mode", "full", "--vfs-write-back", "1s",
                    "--cache-dir", sibling(point, ".cache").toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(remote.environment());
        pb.environment().putAll(control.environment());
        pb.environment().put("RCLONE_CONFIG", "/dev/null");
        String caBundle = pb.environment().remove("AWS_CA_BUNDLE"); // rclone's S3 client refuses it: it takes --ca-cert
        if (caBundle != null && !caBundle.isBlank()) {
            pb.command().addAll(List.of("--ca-cert", caBundle));
        }
        Process p = pb.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!MountTable.isMounted(point)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroy();
                throw new IOException("rclone could not mount " + uri + " at " + point + ": " + lastLines(log));
            }
            sleep(100);
        }
    }

    /**
     * Waits until a cached mount has uploaded every file written to it (at most {@code max});
     * a mount without a control (streamed writes are synchronous) has nothing to wait for.
     *
     * @throws IOException when uploads are still pending at the deadline, or rclone does not answer
     */
    public static void flush(Path point, Duration max) throws IOException {
        Optional<RcloneControl> control = RcloneControl.load(sibling(point, ".control"));
        if (control.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + max.toNanos();
        int pending;
        while ((pending = control.get().pendingUploads()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException(pending + " file(s) written to " + point + " were not uploaded within "
                        + max.toSeconds() + " s: " + lastLines(sibling(point, ".log")));
            }
            sleep(200);
        }
    }

    /**
     * Flushes and unmounts every FUSE mount below {@code dir}; returns what could not be done
     * (each entry names the mount and why). Mounts are unmounted even when their flush failed.
     */
    public static List<String> releaseBelow(Path dir, Duration max) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path point : MountTable.fuseBelow(dir)) {
            try {
                flush(point, max);
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
            unmount(point).ifPresent(problems::add);
        }
        return problems;
    }

    /** Unmounts {@code point} (lazily when it is busy); returns why it is still mounted, if it is. */
    static Optional<String> unmount(Path point) throws IOException {
        String out = run("fusermount3", "-u", point.toString());
        if (MountTable.isMounted(point)) {
            out = run("fusermount3", "-u", "-z", point.toString());
        }
        return MountTable.isMounted(point) ? Optional.of("could not unmount " + point + ": " + out.strip()) : Optional.empty();
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd[0], e);
        }
    }

    private static Path sibling(Path point, String suffix) {
        return point.resolveSibling(point.getFileName() + suffix);
    }

    private static String lastLines(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "(rclone wrote nothing)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for rclone", e);
        }
    }
}
