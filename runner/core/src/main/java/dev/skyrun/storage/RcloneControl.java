package dev.skyrun.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remote control of one running {@code rclone mount} (its {@code --rc} server on 127.0.0.1):
 * how skyrun asks it whether written files are uploaded yet. Its address and one-off
 * credentials are kept beside the mount point in an owner-only file, so a later skyrun process
 * ({@code resume}, {@code down}) can still flush a mount whose launch was killed.
 *
 * @param port the loopback port it listens on
 * @param user its user name
 * @param password its password (made for this mount only)
 */
public record RcloneControl(int port, String user, String password) {

    private static final Pattern QUEUED = Pattern.compile("\"uploads(InProgress|Queued)\":\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A control on a free loopback port with fresh credentials. */
    public static RcloneControl fresh() throws IOException {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new RcloneControl(s.getLocalPort(), "skyrun", HexFormat.of().formatHex(secret));
        }
    }

    /** The rclone flags that start this control (the credentials go by environment, see {@link #environment}). */
    public java.util.List<String> flags() {
        return java.util.List.of("--rc", "--rc-addr", "127.0.0.1:" + port);
    }

    /** The environment that gives rclone this control's credentials. */
    public java.util.Map<String, String> environment() {
        return java.util.Map.of("RCLONE_RC_USER", user, "RCLONE_RC_PASS", password);
    }

    /** Keeps this control in an owner-only file. */
    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("user", user);
        p.setProperty("password", password);
        Files.deleteIfExists(file);
        try (OutputStream out = Files.newOutputStream(Files.createFile(file,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))))) {
            p.store(out, "rclone remote control of a skyrun mount");
        }
    }

    /** The control kept in {@code file}, if there is one. */
    public static java.util.Optional<RcloneControl> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return java.util.Optional.of(new RcloneControl(Integer.parseInt(p.getProperty("port")), p.getProperty("user"),
                p.getProperty("password")));
    }

    /**
     * How many written files the mount has not uploaded yet (queued or in progress); 0 for a mount
     * without a disk cache (its writes are synchronous).
     *
     * @throws IOException when rclone does not answer
     */
    public int pendingUploads() throws IOException {
        String body = call("vfs/stats");
        if (!body.contains("\"diskCache\"")) {
            return 0;
        }
        Matcher m = QUEUED.matcher(body);
        int pending = 0;
        boolean seen = false;
        while (m.find()) {
            pending += Integer.parseInt(m.group(2));
            seen = true;
        }
        if (!seen) {
            throw new IOException("rclone's vfs/stats named no upload counts");
        }
        return pending;
    }

    /** Asks rclone to quit. */
    public void quit() throws IOException {
        call("core/quit");
    }

    private String call(String command) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + command))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("rclone's remote control answered " + r.statusCode() + " to " + command);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking rclone " + command, e);
        }
    }

    @Override
    public String toString() {
        return "RcloneControl[127.0.0.1:" + port + "]";
    }
}
