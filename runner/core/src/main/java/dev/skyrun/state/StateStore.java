package dev.skyrun.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * skyrun's state: a SQLite database in {@link SkyrunHome} (WAL, 5 s busy timeout, foreign
 * keys), migrated on open under {@code state.lock}. Runs and their attempts, nodes, events and
 * intents; every write commits before the caller's next side effect. Thread-safe.
 */
public final class StateStore implements AutoCloseable {

    private final SkyrunHome home;
    private final Connection db;
    private final Runs runs;
    private final Releases releases;

    private StateStore(SkyrunHome home, Connection db) {
        this.home = home;
        this.db = db;
        this.runs = new Runs(db);
        this.releases = new Releases(db);
    }

    /** Opens (creating and migrating when needed) the state database in {@code home}. */
    public static StateStore open(SkyrunHome home) throws IOException {
        Path file = home.database();
        try {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // it exists (two launches on a new home at once: whichever comes second)
        }
        SkyrunHome.privateFile(file);
        try {
            // The driver directly: DriverManager would first look for JDBC drivers in every jar on the class path.
            Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            migrate(home, c);
            return new StateStore(home, c);
        } catch (SQLException e) {
            throw new IOException("cannot open the state database " + file + ": " + e.getMessage()
                    + " (is another skyrun holding it? set SKYRUN_HOME to use another)", e);
        }
    }

    /**
     * Held while this process migrates a database: an OS file lock is per process (a second
     * {@code lock()} in it throws), so the threads of one process (the skyrun agent) take turns here.
     */
    private static final Object MIGRATING = new Object();

    private static void migrate(SkyrunHome home, Connection c) throws IOException, SQLException {
        synchronized (MIGRATING) {
            migrateLocked(home, c);
        }
    }

    private static void migrateLocked(SkyrunHome home, Connection c) throws IOException, SQLException {
        Path lockFile = home.dir().resolve("state.lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            SkyrunHome.privateFile(lockFile);
            Migrations.apply(c);
        }
    }

    /** The home directory this store lives in. */
    public SkyrunHome home() {
        return home;
    }

    /** The runs table. */
    public Runs runs() {
        return runs;
    }

    /** The releases table. */
    public Releases releases() {
        return releases;
    }

    /** Appends an event to a run's log; returns its id. */
    public synchronized long event(String runId, Optional<Integer> attempt, String kind, String message) {
        return Sql.insert(db, "INSERT INTO events(run_id, at, attempt, kind, message) VALUES (?, ?, ?, ?, ?)",
                runId, Instant.now().toString(), attempt.orElse(null), kind, message);
    }

    /** A run's events with an id above {@code afterId}, oldest first. */
    public synchronized List<EventRecord> events(String runId, long afterId) {
        return Sql.query(db, "SELECT id, run_id, at, attempt, kind, message FROM events WHERE run_id = ? AND id > ?"
                + " ORDER BY id", rs -> new EventRecord(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                        Sql.optInt(rs, 4), rs.getString(5), rs.getString(6)), runId, afterId);
    }

    /** Records an intent and commits it; call before the side effect it names. */
    public synchronized Intent intend(String runId, Optional<Integer> attempt, String action, String target) {
        String token = UUID.randomUUID().toString();
        long id = Sql.insert(db, "INSERT INTO intents(run_id, attempt, action, target, token, status, created_at)"
                + " VALUES (?, ?, ?, ?, ?, 'OPEN', ?)", runId, attempt.orElse(null), action, target, token,
                Instant.now().toString());
        return new Intent(id, runId, attempt, action, target, token, false);
    }

    /** Marks an intent done. */
    public synchronized void done(Intent intent) {
        Sql.update(db, "UPDATE intents SET status = 'DONE', done_at = ? WHERE id = ?", Instant.now().toString(),
                intent.id());
    }

    /** A run's intents, oldest first. */
    public synchronized List<Intent> intents(String runId) {
        return Sql.query(db, "SELECT id, run_id, attempt, action, target, token, status FROM intents WHERE run_id = ?"
                + " ORDER BY id", rs -> new Intent(rs.getLong(1), rs.getString(2), Sql.optInt(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7).equals("DONE")), runId);
    }

    /** Records (or replaces) one node of an attempt. */
    public synchronized void node(String runId, int attempt, int rank, String nodeId, Optional<String> ip) {
        Sql.update(db, "INSERT OR REPLACE INTO nodes(run_id, attempt, rank, node_id, ip) VALUES (?, ?, ?, ?, ?)",
                runId, attempt, rank, nodeId, ip.orElse(null));
    }

    /** The node ids of an attempt, rank order. */
    public synchronized List<String> nodeIds(String runId, int attempt) {
        return Sql.query(db, "SELECT node_id FROM nodes WHERE run_id = ? AND attempt = ? ORDER BY rank",
                rs -> rs.getString(1), runId, attempt);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        }
    }

    /** The little JDBC this package needs. */
    static final class Sql {
        private Sql() {}

        /** Maps one row. */
        interface Row<T> {
            T map(ResultSet rs) throws SQLException;
        }

        static long insert(Connection db, String sql, Object... args) {
            synchronized (db) {
                try (PreparedStatement p = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    bind(p, args);
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        return keys.next() ? keys.getLong(1) : -1;
                    }
                } catch (SQLException e) {
                    throw new StateException(sql, e);
                }
            }
        }

        static int update(Connection db, String sql, Object... args) {
            synchronized (db) {
                try (PreparedStatement p = db.prepareStatement(sql)) {
                    bind(p, args);
                    return p.executeUpdate();
                } catch (SQLException e) {
                    throw new StateException(sql, e);
                }
            }
        }

        static <T> List<T> query(Connection db, String sql, Row<T> row, Object... args) {
            synchronized (db) {
                try (PreparedStatement p = db.prepareStatement(sql)) {
                    bind(p, args);
                    List<T> out = new ArrayList<>();
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            out.add(row.map(rs));
                        }
                    }
                    return out;
                } catch (SQLException e) {
                    throw new StateException(sql, e);
                }
            }
        }

        static Optional<Integer> optInt(ResultSet rs, int col) throws SQLException {
            int v = rs.getInt(col);
            return rs.wasNull() ? Optional.empty() : Optional.of(v);
        }

        private static void bind(PreparedStatement p, Object... args) throws SQLException {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
        }
    }
}
