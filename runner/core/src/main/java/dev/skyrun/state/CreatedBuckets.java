package dev.skyrun.state;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The buckets skyrun created for runs' named stores, in the {@link StateStore}: which run, which store
 * kind, which bucket, whether it outlives the run, and whether (and how far) its deletion went. A bucket
 * that existed before the run is never recorded here, and only a recorded one is ever deleted.
 */
public final class CreatedBuckets {

    /**
     * One bucket a run created.
     *
     * @param runId the run it was created for
     * @param store the URI scheme of its store ({@code s3}, {@code gs}, {@code az})
     * @param bucket its name
     * @param persistent whether it outlives the run ({@code persistent: true})
     * @param deletedAt when skyrun deleted it, if it did
     * @param failure why its last deletion failed, if it did (the next {@code down} retries)
     */
    public record Row(String runId, String store, String bucket, boolean persistent, Optional<Instant> deletedAt,
            Optional<String> failure) {}

    private final Connection db;

    CreatedBuckets(Connection db) {
        this.db = db;
    }

    /** Records that {@code runId} created {@code bucket} (once; a second record of it changes nothing). */
    public void created(String runId, String store, String bucket, boolean persistent) {
        Sql.update(db, "INSERT INTO created_buckets(run_id, store, bucket, persistent, created_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", runId, store, bucket, persistent ? 1 : 0, Instant.now().toString());
    }

    /** The buckets a run created, deleted or not. */
    public List<Row> of(String runId) {
        return Sql.query(db, "SELECT run_id, store, bucket, persistent, deleted_at, failure FROM created_buckets"
                + " WHERE run_id = ? ORDER BY store, bucket", rs -> new Row(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getInt(4) != 0, Optional.ofNullable(rs.getString(5)).map(Instant::parse),
                Optional.ofNullable(rs.getString(6))), runId);
    }

    /** Records that a run's bucket is deleted. */
    public void deleted(String runId, String store, String bucket) {
        Sql.update(db, "UPDATE created_buckets SET deleted_at = ?, failure = NULL WHERE run_id = ? AND store = ?"
                + " AND bucket = ?", Instant.now().toString(), runId, store, bucket);
    }

    /** Records why deleting a run's bucket failed (it stays to delete). */
    public void failed(String runId, String store, String bucket, String why) {
        Sql.update(db, "UPDATE created_buckets SET failure = ? WHERE run_id = ? AND store = ? AND bucket = ?", why, runId,
                store, bucket);
    }
}
