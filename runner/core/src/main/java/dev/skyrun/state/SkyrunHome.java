package dev.skyrun.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * skyrun's own directory: {@code ~/.skyrun}, or {@code $SKYRUN_HOME}. Created {@code 0700};
 * every file skyrun writes in it is {@code 0600}.
 *
 * <pre>{@code
 * ~/.skyrun/state.db      runs, attempts, nodes, events, intents (SQLite, WAL)
 * ~/.skyrun/state.lock    held while migrating
 * ~/.skyrun/locks/NAME    held by the controller of the active run named NAME
 * ~/.skyrun/runs/RUN/     staging directories of a run's COPY mounts and checkpoints
 * ~/.skyrun/agents/       the skyrun agents' sockets, locks and logs (see the cli's AgentAddress)
 * }</pre>
 *
 * @param dir the directory
 */
public record SkyrunHome(Path dir) {

    /** The environment variable that overrides the home directory. */
    public static final String ENV = "SKYRUN_HOME";

    /** The home from the environment, created when missing. */
    public static SkyrunHome fromEnvironment(Map<String, String> env) throws IOException {
        return at(locate(env));
    }

    /** Where the environment puts the home ({@code $SKYRUN_HOME}, else {@code ~/.skyrun}), absolute; nothing created. */
    public static Path locate(Map<String, String> env) {
        String override = env.get(ENV);
        Path dir = override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".skyrun");
        return dir.toAbsolutePath().normalize();
    }

    /** The home at {@code dir}, created {@code 0700} when missing. */
    public static SkyrunHome at(Path dir) throws IOException {
        SkyrunHome home = new SkyrunHome(dir.toAbsolutePath().normalize());
        home.privateDir(home.dir);
        return home;
    }

    /** A short stable id of this home (its path's sha256 prefix), for the {@code skyrun-home} label. */
    public String id() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The state database. */
    public Path database() {
        return dir.resolve("state.db");
    }

    /** A run's own directory, created {@code 0700}. */
    public Path runDir(String runId) throws IOException {
        return privateDir(dir.resolve("runs").resolve(runId));
    }

    /** The directory of name locks, created {@code 0700}. */
    public Path lockDir() throws IOException {
        return privateDir(dir.resolve("locks"));
    }

    /** Creates a directory (and parents under home) readable by the owner only. */
    public Path privateDir(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            if (d.getParent() != null && !d.equals(dir) && d.startsWith(dir)) {
                privateDir(d.getParent());
            }
            Files.createDirectories(d);
        }
        restrict(d, "rwx------");
        return d;
    }

    /** Makes a file readable and writable by the owner only. */
    public static void privateFile(Path f) throws IOException {
        restrict(f, "rw-------");
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }
}
