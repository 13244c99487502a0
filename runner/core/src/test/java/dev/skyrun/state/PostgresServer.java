package dev.skyrun.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package, which {@code .ci/run} installs) on
 * 127.0.0.1 and a free port, its cluster made by {@code initdb} in a temporary directory, password
 * authentication over TCP. PostgreSQL refuses to run as root: under root the server runs as the
 * package's {@code postgres} user. Started once per test JVM ({@link #shared}); each test takes a
 * database of its own ({@link #freshDatabase}); the server is stopped and its directory removed when
 * the JVM exits.
 */
public final class PostgresServer {

    private static PostgresServer shared;

    private final Path dir;
    private final Process server;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, Process server, int port, String password) {
        this.dir = dir;
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(List.of("-c", "fsync=off", "-c", "max_connections=400"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-test-postgres"));
        }
        return shared;
    }

    /** Starts a server with {@code options} ({@code -c name=value} pairs for {@code postgres}). */
    public static PostgresServer start(List<String> options) throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("skyrun-pg-");
        String password = HexFormat.of().formatHex(ThreadLocalRandom.current().ints(12, 0, 256)
                .collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write, (a, b) -> { })
                .toByteArray());
        Files.writeString(dir.resolve("pw"), password + "\n");
        ownByServerUser(dir);
        run(dir, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "skyrun",
                "--pwfile=" + dir.resolve("pw"), "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                "--locale=C", "--no-sync"));
        int port = freePort();
        List<String> cmd = asServerUser(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1"));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile()).start();
        PostgresServer s = new PostgresServer(dir, p, port, password);
        s.awaitReady();
        return s;
    }

    /** A new, empty database on this server; its {@code postgresql://} URL, password included. */
    public String freshDatabase() throws SQLException {
        String name = "skyrun_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** The URL of {@code database} on this server. */
    public String url(String database) {
        return "postgresql://skyrun:" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /**
     * Every row of every table of the database {@code url} names, as text: what a test searches
     * for what must never be stored (a secret value).
     */
    public String dump(String url) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = ServerDatabase.parse(url).connect(true); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (var rs = s.executeQuery("SELECT t::text FROM " + t + " t")) {
                    while (rs.next()) {
                        all.append(t).append(": ").append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    /** Stops the server at once (an immediate shutdown) and removes its directory. */
    public void stop() {
        try {
            new ProcessBuilder("kill", "-QUIT", String.valueOf(server.pid())).start().waitFor();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            // stopping at exit: nothing more to do
        }
    }

    /** Whether the server process is alive. */
    public boolean alive() {
        return server.isAlive();
    }

    private Connection admin() throws SQLException {
        return ServerDatabase.parse(url("postgres")).connect(false);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = admin()) {
                return;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    stop();
                    throw new IOException("the test PostgreSQL did not start: " + e.getMessage() + "; its log: "
                            + (Files.exists(dir.resolve("postgres.log")) ? Files.readString(dir.resolve("postgres.log"))
                                    : "(none)"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The newest installed PostgreSQL's binaries ({@code /usr/lib/postgresql/N/bin}). */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no PostgreSQL installed (.ci/run installs Debian's: apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no postgres binary under " + root));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code cmd}, run as the {@code postgres} user when this JVM is root. */
    private static List<String> asServerUser(List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (root()) {
            out.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        out.addAll(cmd);
        return out;
    }

    private static void ownByServerUser(Path dir) throws IOException {
        if (!root()) {
            return;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, users.lookupPrincipalByName("postgres"));
                Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
            }
        }
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = dir.resolve("initdb.log");
        Process p = new ProcessBuilder(asServerUser(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
