package dev.skyrun.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A run name held on a shared PostgreSQL database: a session advisory lock keyed by the name's
 * digest, which the server releases when the holder's connection ends (a killed controller never
 * leaves it held), and a {@code name_locks} row that says who holds it. A session may take an
 * advisory lock twice, so the names this store holds are also kept in memory and checked first.
 */
final class ServerNameLock implements HeldName {

    private final Connection db;
    private final Set<String> held;
    private final String name;

    private ServerNameLock(Connection db, Set<String> held, String name) {
        this.db = db;
        this.held = held;
        this.name = name;
    }

    /** Takes {@code name} for {@code runId}, or empty when another controller holds it. */
    static Optional<HeldName> tryAcquire(Connection db, Set<String> held, String name, String runId) {
        if (!held.add(name)) {
            return Optional.empty();
        }
        boolean got = Sql.query(db, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), key(name)).get(0);
        if (!got) {
            held.remove(name);
            return Optional.empty();
        }
        Sql.update(db, "INSERT INTO name_locks(name, holder, since) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                + " SET holder = excluded.holder, since = excluded.since", name, "run " + runId + " (pid "
                + ProcessHandle.current().pid() + " on " + Actor.localHost() + ")", Instant.now().toString());
        return Optional.of(new ServerNameLock(db, held, name));
    }

    /** Who holds {@code name}, as its row says ({@code run r-1 (pid 42 on build-7)}); empty while there is no row. */
    static Optional<String> holder(Connection db, String name) {
        return Sql.query(db, "SELECT holder FROM name_locks WHERE name = ?", rs -> rs.getString(1), name).stream().findFirst();
    }

    @Override
    public void close() throws IOException {
        try {
            Sql.update(db, "DELETE FROM name_locks WHERE name = ?", name);
            Sql.query(db, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), key(name));
        } catch (StateException e) {
            throw new IOException("cannot release the run name " + name + ": " + e.getMessage(), e);
        } finally {
            held.remove(name);
        }
    }

    /** The advisory lock's key: the first 8 bytes of the name's SHA-256. */
    private static long key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("skyrun-name:" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
