package dev.skyrun.state;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * skyrun's state: by default a SQLite database in {@link SkyrunHome} (WAL, 5 s busy timeout, foreign
 * keys), migrated on open under {@code state.lock} (see {@link StateFile}); or, when
 * {@code SKYRUN_STATE} names one, a shared PostgreSQL database (see {@link ServerDatabase}) with
 * the same schema. Runs and their attempts, nodes, events and intents; every write commits before
 * the caller's next side effect. Thread-safe.
 */
public final class StateStore implements AutoCloseable {

    private final SkyrunHome home;
    private final Connection db;
    private final Dialect dialect;
    private final Runs runs;
    private final Releases releases;
    private final Ledger ledger;
    private final ReleaseNotes releaseNotes;
    private final Leases leases;
    private final CreatedBuckets buckets;
    /** The names this store's connection holds (a shared database's advisory locks are re-entrant per connection). */
    private final java.util.Set<String> heldNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private StateStore(SkyrunHome home, Connection db) {
        this(home, db, Dialect.SQLITE, Actor.of(System.getenv()));
    }

    private StateStore(SkyrunHome home, Connection db, Dialect dialect, Actor actor) {
        this.home = home;
        this.db = db;
        this.dialect = dialect;
        this.runs = new Runs(db, actor);
        this.releases = new Releases(db, actor);
        this.ledger = new Ledger(db);
        this.releaseNotes = releases.notes();
        this.leases = new Leases(db, dialect);
        this.buckets = new CreatedBuckets(db);
    }

    /**
     * Opens (creating and migrating when needed) the state database in {@code home}, to read and write.
     *
     * @throws IOException naming the file and the cause: a full disk, a database written by a newer
     *     skyrun (never downgraded), or another process holding it
     */
    public static StateStore open(SkyrunHome home) throws IOException {
        return new StateStore(home, StateFile.writable(home));
    }

    /**
     * Opens the state database in {@code home} for a command that only reads: nothing is created or
     * written (a write fails), and it opens on a full disk. A home without a database reads as empty;
     * one with an older schema is migrated first (a read-write open).
     */
    public static StateStore openReadOnly(SkyrunHome home) throws IOException {
        Optional<Connection> c = StateFile.readOnly(home);
        if (c.isPresent()) {
            return new StateStore(home, c.get());
        }
        return Files.exists(home.database()) ? open(home) : new StateStore(home, StateFile.empty());
    }

    /**
     * Opens the state {@code env} names: the PostgreSQL database of {@code SKYRUN_STATE} when set,
     * else the SQLite file in {@code home}. {@code home} keeps the run directories either way. The
     * runs and releases it records are recorded as started by {@code env}'s user on this host.
     *
     * @throws dev.skyrun.schema.InvalidInputException when {@code SKYRUN_STATE} is not a postgresql:// URL
     */
    public static StateStore open(SkyrunHome home, java.util.Map<String, String> env) throws IOException {
        String url = env.get(ServerDatabase.ENV);
        return new StateStore(home, ServerDatabase.named(url) ? ServerDatabase.parse(url).writable()
                : StateFile.writable(home), ServerDatabase.named(url) ? Dialect.POSTGRESQL : Dialect.SQLITE, Actor.of(env));
    }

    /** As {@link #openReadOnly(SkyrunHome)}, on the state {@code env} names (see {@link #open(SkyrunHome, java.util.Map)}). */
    public static StateStore openReadOnly(SkyrunHome home, java.util.Map<String, String> env) throws IOException {
        String url = env.get(ServerDatabase.ENV);
        return ServerDatabase.named(url)
                ? new StateStore(home, ServerDatabase.parse(url).readOnly(), Dialect.POSTGRESQL, Actor.of(env))
                : openReadOnly(home);
    }

    /**
     * How long this process's state writes took (every store's, each from the call to its commit,
     * waiting for the connection included): what {@code skyrun controller} reports.
     */
    public static WriteLatency writeLatency() {
        return Sql.WRITES;
    }

    /** Who this store records as doing what it writes (runs started, releases made). */
    public Actor actor() {
        return runs.actor();
    }

    /** Whether this state is a database shared with other machines (not the home's own file). */
    public boolean shared() {
        return dialect != Dialect.SQLITE;
    }

    /**
     * Takes the name of a run for {@code runId}, waiting up to {@code wait} for its holder to let
     * go ({@code --lock-timeout}); empty when it is still held then ({@link #nameHolder} says by whom).
     */
    public Optional<HeldName> lockName(String name, String runId, java.time.Duration wait)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<HeldName> lock = tryLockName(name, runId);
            long left = deadline - System.nanoTime();
            if (lock.isPresent() || left <= 0) {
                return lock;
            }
            Thread.sleep(Math.min(250, Math.max(1, left / 1_000_000)));
        }
    }

    /** Takes the name of a run for {@code runId} if nobody holds it. */
    public Optional<HeldName> tryLockName(String name, String runId) throws IOException {
        return shared() ? ServerNameLock.tryAcquire(db, heldNames, name, runId)
                : NameLock.tryAcquire(home, name, runId).map(HeldName.class::cast);
    }

    /**
     * Who holds a run's name ({@code run r-1 (pid 42)}). A holder writes who it is just after taking
     * the name, so it is asked for up to a second; then it is "another skyrun process".
     */
    public String nameHolder(String name) throws IOException {
        for (int i = 0; i < 40; i++) {
            Optional<String> holder = shared() ? ServerNameLock.holder(db, name) : NameLock.holder(home, name);
            if (holder.isPresent()) {
                return holder.get();
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another skyrun process";
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

    /** The cost ledger: what each attempt's nodes are billed, and each run's estimate. */
    public Ledger ledger() {
        return ledger;
    }

    /** The buckets skyrun created for runs' named stores (only those are ever deleted). */
    public CreatedBuckets buckets() {
        return buckets;
    }

    /** The controller leases of running runs (used on a shared database). */
    public Leases leases() {
        return leases;
    }

    /** The release notes and SLO samples tables. */
    public ReleaseNotes releaseNotes() {
        return releaseNotes;
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
        Sql.update(db, "INSERT INTO nodes(run_id, attempt, rank, node_id, ip) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, attempt, rank) DO UPDATE SET node_id = excluded.node_id, ip = excluded.ip",
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
}
