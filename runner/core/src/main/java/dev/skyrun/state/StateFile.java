package dev.skyrun.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the state database file of a {@link SkyrunHome}: read-write (created and migrated
 * under {@code state.lock}), or read-only for commands that only look (no file created, no
 * migration, nothing written; on a full disk the file is read as it stands). Either way a
 * database written by a newer skyrun is refused, never downgraded.
 */
final class StateFile {

    /**
     * Held while this process migrates a database: an OS file lock is per process (a second
     * {@code lock()} in it throws), so the threads of one process (the skyrun agent) take turns here.
     */
    private static final Object MIGRATING = new Object();

    private StateFile() {}

    /** A read-write connection to {@code home}'s database, created and migrated when needed. */
    static Connection writable(SkyrunHome home) throws IOException {
        Path file = home.database();
        try {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // it exists (two launches on a new home at once: whichever comes second)
        }
        SkyrunHome.privateFile(file);
        Connection c = null;
        try {
            c = connect("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            prepare(home, c, file);
            return c;
        } catch (SQLException e) {
            close(c);
            throw new IOException(DiskSpace.full(home.dir())
                    ? "cannot write the state database " + file + ": disk full (" + DiskSpace.describe(home.dir())
                            + "); free some space there, or set SKYRUN_HOME to another directory; status, logs and"
                            + " releases still read it"
                    : "cannot open the state database " + file + ": " + e.getMessage()
                            + " (is another skyrun holding it? set SKYRUN_HOME to use another)", e);
        } catch (IOException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /**
     * A read-only connection to {@code home}'s database, or empty when it has none yet (or an
     * older schema, which only a read-write open migrates). When the disk is too full for SQLite's
     * shared-memory file, the file is read as it stands ({@code immutable}): what a crashed writer
     * left uncheckpointed in its WAL is not seen.
     */
    static java.util.Optional<Connection> readOnly(SkyrunHome home) throws IOException {
        Path file = home.database();
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return current(file, connect("jdbc:sqlite:file:" + file + "?mode=ro"));
        } catch (SQLException e) {
            try {
                return current(file, connect("jdbc:sqlite:file:" + file + "?immutable=1"));
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw new IOException("cannot read the state database " + file + ": " + again.getMessage()
                        + (DiskSpace.full(home.dir()) ? " (disk full: " + DiskSpace.describe(home.dir()) + ")" : ""),
                        again);
            }
        }
    }

    /** An empty database in memory, for reading a home that has none. */
    static Connection empty() throws IOException {
        try {
            Connection c = connect("jdbc:sqlite::memory:");
            Migrations.apply(c);
            return c;
        } catch (SQLException e) {
            throw new IOException("cannot open an empty state database in memory: " + e.getMessage(), e);
        }
    }

    /** {@code c} when its schema is this skyrun's; empty (closed) when older; refused when newer. */
    private static java.util.Optional<Connection> current(Path file, Connection c) throws SQLException, IOException {
        try {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            Migrations.refuseNewer(c, "the state database " + file);
            if (Migrations.applied(c) < Migrations.latest()) {
                c.close();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(c);
        } catch (SQLException | IOException e) {
            close(c);
            throw e;
        }
    }

    /**
     * Puts the database in WAL mode and migrates it, one process at a time (the home's {@code state.lock}):
     * a new database's switch to WAL needs it to itself, so two launches on a new home at once would
     * otherwise meet SQLITE_BUSY; the second waits for the first's set-up, then finds it done.
     */
    private static void prepare(SkyrunHome home, Connection c, Path file) throws IOException, SQLException {
        synchronized (MIGRATING) {
            Path lockFile = home.dir().resolve("state.lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                SkyrunHome.privateFile(lockFile);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                }
                Migrations.refuseNewer(c, "the state database " + file);
                Migrations.apply(c);
            }
        }
    }

    /** The driver directly: DriverManager would first look for JDBC drivers in every jar on the class path. */
    private static Connection connect(String url) throws SQLException {
        return new org.sqlite.JDBC().connect(url, new Properties());
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing after a failure: the failure is what matters
            }
        }
    }
}
