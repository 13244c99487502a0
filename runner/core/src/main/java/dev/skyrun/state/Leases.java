package dev.skyrun.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller leases of the {@link StateStore}: on a shared database every running run is owned
 * by one controller (a launch following it, or a {@code skyrun controller}) that renews its lease
 * every few seconds. A run whose lease lapsed (its owner died, or a detached launch handed it over)
 * is claimed by one controller, {@code FOR UPDATE SKIP LOCKED} where the database has it, and the
 * claim is a compare-and-set on the lapsed lease on every database, so two controllers never both
 * win it. A run never leased (the home's own SQLite state) is never claimed.
 */
public final class Leases {

    /** The statuses of runs a controller continues (a TERMINATING run is left to {@code down}). */
    private static final String CLAIMABLE = "('" + RunStatus.PENDING + "', '" + RunStatus.PROVISIONING + "', '"
            + RunStatus.RUNNING + "', '" + RunStatus.RECOVERING + "')";

    private final Connection db;
    private final Dialect dialect;

    Leases(Connection db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    /**
     * Who owns a run and until when.
     *
     * @param owner the controller ({@code controller 4711@host-a/3f2a})
     * @param until when the lease lapses unless renewed
     */
    public record Lease(String owner, Instant until) {

        /** Whether the lease still holds at {@code now}. */
        public boolean heldAt(Instant now) {
            return until.isAfter(now);
        }
    }

    /** Gives a run to {@code owner} for {@code term} (a launch taking its new run). */
    public void take(String runId, String owner, Duration term) {
        Sql.update(db, "UPDATE runs SET lease_owner = ?, lease_until = ? WHERE id = ?", owner, until(term), runId);
    }

    /**
     * Gives a run to {@code owner} for {@code term} when its lease lapsed or is {@code owner}'s
     * already ({@code skyrun resume} of a run whose owner died); false when another owner holds it.
     */
    public boolean takeIfFree(String runId, String owner, Duration term) {
        return Sql.update(db, "UPDATE runs SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_until IS NULL"
                + " OR lease_until < ? OR lease_owner = ?)", owner, until(term), runId, now(), owner) == 1;
    }

    /** Renews {@code owner}'s lease on a run; false when it lost it (it lapsed and another controller claimed it). */
    public boolean renew(String runId, String owner, Duration term) {
        return Sql.update(db, "UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ?", until(term), runId,
                owner) == 1;
    }

    /** Lets {@code owner}'s run go now, so that a controller claims it at once (a detached launch handing it over). */
    public void handOver(String runId, String owner) {
        Sql.update(db, "UPDATE runs SET lease_until = 0 WHERE id = ? AND lease_owner = ?", runId, owner);
    }

    /** Ends {@code owner}'s lease on a run that needs no controller any more (it ended). */
    public void release(String runId, String owner) {
        Sql.update(db, "UPDATE runs SET lease_until = NULL WHERE id = ? AND lease_owner = ?", runId, owner);
    }

    /** A run's lease, if it has one (never leased, or ended: empty). */
    public Optional<Lease> of(String runId) {
        return Sql.query(db, "SELECT lease_owner, lease_until FROM runs WHERE id = ? AND lease_until IS NOT NULL",
                rs -> new Lease(String.valueOf(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2))), runId)
                .stream().findFirst();
    }

    /**
     * Claims up to {@code max} running runs whose lease lapsed for {@code owner}, oldest first;
     * returns their ids. Rows another controller is claiming at the same moment are skipped.
     */
    public List<String> claimLapsed(String owner, Duration term, int max) {
        synchronized (db) {
            try {
                db.setAutoCommit(false);
                try {
                    long now = now();
                    List<String> lapsed = Sql.query(db, "SELECT id FROM runs WHERE lease_until IS NOT NULL AND lease_until < ?"
                            + " AND status IN " + CLAIMABLE + " ORDER BY lease_until, created_at LIMIT ?"
                            + dialect.skipLocked(), rs -> rs.getString(1), now, max);
                    List<String> won = new ArrayList<>();
                    for (String id : lapsed) {
                        if (Sql.update(db, "UPDATE runs SET lease_owner = ?, lease_until = ? WHERE id = ?"
                                + " AND lease_until < ?", owner, until(term), id, now) == 1) {
                            won.add(id);
                        }
                    }
                    db.commit();
                    return won;
                } catch (SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                } finally {
                    db.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StateException("claim lapsed runs", e);
            }
        }
    }

    private static long until(Duration term) {
        return System.currentTimeMillis() + term.toMillis();
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
