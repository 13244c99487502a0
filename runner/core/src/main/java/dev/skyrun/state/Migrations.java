package dev.skyrun.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The state database's schema, as an append-only list of numbered migrations.
 *
 * <p>To change the schema, append a {@link Migration} with the next number to {@link #ALL}
 * (never edit one that has shipped). Each runs once, in its own transaction, recorded in
 * {@code schema_migrations}.
 */
public final class Migrations {

    /**
     * One schema step.
     *
     * @param version its number, 1, 2, 3...
     * @param description what it adds
     * @param statements the SQL, one statement per entry
     */
    public record Migration(int version, String description, List<String> statements) {}

    /** Every migration, in order. Append only. */
    public static final List<Migration> ALL = List.of(
            new Migration(1, "runs, attempts, nodes, events, intents", List.of(
                    """
                    CREATE TABLE runs (
                      id TEXT PRIMARY KEY, name TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,
                      spec_path TEXT, job_json TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                      ended_at TEXT, exit_code INTEGER, reason TEXT,
                      cancel_requested INTEGER NOT NULL DEFAULT 0, controller_pid INTEGER)""",
                    "CREATE INDEX runs_by_name ON runs(name, created_at)",
                    """
                    CREATE TABLE attempts (
                      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, number INTEGER NOT NULL,
                      cloud TEXT NOT NULL, placement TEXT NOT NULL, cluster_name TEXT NOT NULL,
                      status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, ending TEXT,
                      exit_code INTEGER, reason TEXT, cluster_json TEXT,
                      PRIMARY KEY (run_id, number))""",
                    """
                    CREATE TABLE nodes (
                      run_id TEXT NOT NULL, attempt INTEGER NOT NULL, rank INTEGER NOT NULL,
                      node_id TEXT NOT NULL, ip TEXT,
                      PRIMARY KEY (run_id, attempt, rank),
                      FOREIGN KEY (run_id, attempt) REFERENCES attempts(run_id, number) ON DELETE CASCADE)""",
                    """
                    CREATE TABLE events (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, at TEXT NOT NULL,
                      attempt INTEGER, kind TEXT NOT NULL, message TEXT NOT NULL)""",
                    "CREATE INDEX events_by_run ON events(run_id, id)",
                    """
                    CREATE TABLE intents (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, attempt INTEGER,
                      action TEXT NOT NULL, target TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
                      status TEXT NOT NULL, created_at TEXT NOT NULL, done_at TEXT)""",
                    "CREATE INDEX intents_by_run ON intents(run_id, id)")),
            new Migration(2, "releases: the fused manifests of pipeline runs, written once", List.of(
                    """
                    CREATE TABLE releases (
                      name TEXT NOT NULL, version TEXT NOT NULL, created_at TEXT NOT NULL, verdict TEXT NOT NULL,
                      manifest_sha256 TEXT NOT NULL, manifest_uri TEXT, run_id TEXT, rollback_of TEXT,
                      keep_stable INTEGER NOT NULL, manifest BLOB NOT NULL,
                      PRIMARY KEY (name, version))""",
                    "CREATE INDEX releases_by_name ON releases(name, created_at)")),
            new Migration(3, "runs: what a teardown left, and the status a TERMINATING run ends with", List.of(
                    "ALTER TABLE runs ADD COLUMN left_behind TEXT",
                    "ALTER TABLE runs ADD COLUMN ends_as TEXT")),
            new Migration(4, "cost ledger: each attempt's nodes, price and billed span; the estimate a run was planned at",
                    List.of(
                    """
                    CREATE TABLE ledger (
                      run_id TEXT NOT NULL, attempt INTEGER NOT NULL, nodes INTEGER NOT NULL,
                      price_per_node REAL NOT NULL, price_source TEXT NOT NULL, priced_at TEXT NOT NULL,
                      billed_from TEXT NOT NULL, billed_to TEXT,
                      PRIMARY KEY (run_id, attempt),
                      FOREIGN KEY (run_id, attempt) REFERENCES attempts(run_id, number) ON DELETE CASCADE)""",
                    """
                    CREATE TABLE estimates (
                      run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, infra TEXT NOT NULL,
                      price_per_hour REAL NOT NULL, planned_at TEXT NOT NULL)""")),
            new Migration(5, "release notes (approvals, SLO breaches, automatic rollbacks) and SLO samples", List.of(
                    """
                    CREATE TABLE release_notes (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, version TEXT NOT NULL,
                      at TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL,
                      evidence TEXT)""",
                    "CREATE INDEX release_notes_by_release ON release_notes(name, version, id)",
                    """
                    CREATE TABLE slo_samples (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, version TEXT NOT NULL,
                      slo TEXT NOT NULL, at TEXT NOT NULL, value REAL, outcome TEXT NOT NULL, detail TEXT NOT NULL)""",
                    "CREATE INDEX slo_samples_by_slo ON slo_samples(name, version, slo, id)")),
            new Migration(6, "name locks: who holds a run name on a shared database (the lock is the server's)", List.of(
                    """
                    CREATE TABLE name_locks (
                      name TEXT PRIMARY KEY, holder TEXT NOT NULL, since TEXT NOT NULL)""")),
            new Migration(7, "controller leases: which controller owns a running run, and until when (epoch ms)", List.of(
                    "ALTER TABLE runs ADD COLUMN lease_owner TEXT",
                    "ALTER TABLE runs ADD COLUMN lease_until BIGINT",
                    "CREATE INDEX runs_by_lease ON runs(lease_until)")),
            new Migration(8, "who did what: the user@host that started each run and made each release (or rollback)",
                    List.of(
                    "ALTER TABLE runs ADD COLUMN started_by TEXT",
                    "ALTER TABLE releases ADD COLUMN made_by TEXT")),
            new Migration(9, "created buckets: the named stores' buckets skyrun created for a run, and their deletion",
                    List.of(
                    """
                    CREATE TABLE created_buckets (
                      run_id TEXT NOT NULL, store TEXT NOT NULL, bucket TEXT NOT NULL, persistent INTEGER NOT NULL,
                      created_at TEXT NOT NULL, deleted_at TEXT, failure TEXT,
                      PRIMARY KEY (run_id, store, bucket))""")));

    private Migrations() {}

    /** Applies every migration a SQLite database lacks; returns the schema version reached. */
    public static int apply(Connection c) throws SQLException {
        return apply(c, Dialect.SQLITE);
    }

    /** Applies every migration the database lacks, in its dialect; returns the schema version reached. */
    static int apply(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        int current = current(c);
        for (Migration m : ALL) {
            if (m.version() > current) {
                run(c, m, dialect);
                current = m.version();
            }
        }
        return current;
    }

    /**
     * Refuses a database whose schema a later skyrun wrote: this one would misread it or write into it.
     *
     * @param what the database, for the message ({@code the state database /home/u/.skyrun/state.db})
     */
    static void refuseNewer(Connection c, String what) throws SQLException, java.io.IOException {
        int found = applied(c);
        if (found > latest()) {
            throw new java.io.IOException(what + " has schema version " + found
                    + ", written by a newer skyrun; this skyrun knows versions up to " + latest()
                    + " and never downgrades: use the newer skyrun, or point SKYRUN_HOME (SKYRUN_STATE) elsewhere");
        }
    }

    /** The version this skyrun's schema reaches: the last migration's. */
    public static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** The highest applied version, 0 for a new database (also one without a migrations table yet). */
    public static int applied(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "schema_migrations", null)) {
            if (!rs.next()) {
                return 0;
            }
        }
        return current(c);
    }

    /** The highest applied version, 0 for a new database. */
    public static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void run(Connection c, Migration m, Dialect dialect) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(dialect.ddl(sql));
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("state migration " + m.version() + " (" + m.description() + ") failed: "
                    + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
