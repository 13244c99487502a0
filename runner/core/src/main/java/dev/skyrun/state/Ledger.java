package dev.skyrun.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cost ledger of the {@link StateStore}: one {@link LedgerEntry} per attempt that started
 * provisioning, and the estimate each run was planned at.
 */
public final class Ledger {

    private static final String COLUMNS = "run_id, attempt, nodes, price_per_node, price_source, priced_at, billed_from,"
            + " billed_to";

    /** {@code billed_from} or the instant bound (twice) after it, whichever is later (ISO instants compare as text). */
    private static final String LATER_OF_START_AND = "CASE WHEN billed_from > ? THEN billed_from ELSE ? END";

    private final Connection db;

    Ledger(Connection db) {
        this.db = db;
    }

    /**
     * Opens an attempt's billing as its provisioning starts; an entry already there (a resumed
     * attempt provisioning again under the same intent) keeps its start.
     */
    public void open(LedgerEntry e) {
        Sql.update(db, "INSERT INTO ledger(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", e.runId(),
                e.attempt(), e.nodes(), e.pricePerNode(), e.priceSource(), e.pricedAt().toString(),
                e.billedFrom().toString(), e.billedTo().map(Instant::toString).orElse(null));
    }

    /** Closes an attempt's billing at {@code at} (its compute verified terminated); a closed one stays as it is. */
    public void close(String runId, int attempt, Instant at) {
        Sql.update(db, "UPDATE ledger SET billed_to = " + LATER_OF_START_AND + " WHERE run_id = ? AND attempt = ?"
                + " AND billed_to IS NULL", at.toString(), at.toString(), runId, attempt);
    }

    /** Closes the billing of every attempt of a run still open (the run's compute verified terminated). */
    public void closeAll(String runId, Instant at) {
        Sql.update(db, "UPDATE ledger SET billed_to = " + LATER_OF_START_AND + " WHERE run_id = ? AND billed_to IS NULL",
                at.toString(), at.toString(), runId);
    }

    /** A run's entries, by attempt. */
    public List<LedgerEntry> entries(String runId) {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM ledger WHERE run_id = ? ORDER BY attempt", Ledger::entry, runId);
    }

    /** Every run's entries, by run and attempt. */
    public List<LedgerEntry> all() {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM ledger ORDER BY run_id, attempt", Ledger::entry);
    }

    /** Records the estimate a run was planned at: its first placement and that placement's USD per hour. */
    public void estimate(String runId, String infra, double pricePerHour, Instant plannedAt) {
        Sql.update(db, "INSERT INTO estimates(run_id, infra, price_per_hour, planned_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (run_id) DO UPDATE SET infra = excluded.infra, price_per_hour = excluded.price_per_hour,"
                + " planned_at = excluded.planned_at",
                runId, infra, pricePerHour, plannedAt.toString());
    }

    /** The estimate a run was planned at, if recorded. */
    public Optional<Estimate> estimate(String runId) {
        return Sql.query(db, "SELECT infra, price_per_hour, planned_at FROM estimates WHERE run_id = ?",
                rs -> new Estimate(rs.getString(1), rs.getDouble(2), Instant.parse(rs.getString(3))), runId)
                .stream().findFirst();
    }

    /**
     * What a run was planned at.
     *
     * @param infra its first placement ({@code aws/us-east-1})
     * @param pricePerHour that placement's USD per hour, all nodes
     * @param plannedAt when it was planned
     */
    public record Estimate(String infra, double pricePerHour, Instant plannedAt) {}

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getString(5),
                Instant.parse(rs.getString(6)), Instant.parse(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)).map(Instant::parse));
    }
}
