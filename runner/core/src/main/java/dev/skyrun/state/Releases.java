package dev.skyrun.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The releases table of the {@link StateStore}: every fused manifest a pipeline run made, by
 * release name and version. Rows are inserted once and never updated: a manifest is never
 * rewritten.
 */
public final class Releases {

    private static final String COLUMNS = "name, version, created_at, verdict, manifest_sha256, manifest_uri, run_id,"
            + " rollback_of, keep_stable, manifest";

    private final Connection db;
    private final ReleaseNotes notes;
    private final Actor actor;

    Releases(Connection db, Actor actor) {
        this.db = db;
        this.notes = new ReleaseNotes(db);
        this.actor = actor;
    }

    /** The notes on these releases (approvals, breaches, automatic rollbacks) and their SLO samples. */
    public ReleaseNotes notes() {
        return notes;
    }

    /** Records a release (or rollback), made by this store's {@link Actor}; a second row with the same name and version is refused. */
    public void insert(ReleaseRow r) {
        Sql.update(db, "INSERT INTO releases(" + COLUMNS + ", made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.name(),
                r.version(), r.createdAt().toString(), r.verdict(), r.manifestSha256(), r.manifestUri().orElse(null),
                r.runId().orElse(null), r.rollbackOf().orElse(null), r.keepStable(), r.manifest(), actor.toString());
    }

    /** Who made each release of {@code name} ({@code ada@build-7}), by version; releases recorded before skyrun kept it are absent. */
    public java.util.Map<String, String> makers(String name) {
        java.util.Map<String, String> by = new java.util.HashMap<>();
        Sql.query(db, "SELECT version, made_by FROM releases WHERE name = ? AND made_by IS NOT NULL",
                rs -> by.put(rs.getString(1), rs.getString(2)), name);
        return by;
    }

    /** The releases of a name, newest first. */
    public List<ReleaseRow> history(String name) {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM releases WHERE name = ? ORDER BY created_at DESC, rowid DESC",
                Releases::row, name);
    }

    /** Every release name, sorted. */
    public List<String> names() {
        return Sql.query(db, "SELECT DISTINCT name FROM releases ORDER BY name", rs -> rs.getString(1));
    }

    /** One release. */
    public Optional<ReleaseRow> find(String name, String version) {
        return Sql.query(db, "SELECT " + COLUMNS + " FROM releases WHERE name = ? AND version = ?", Releases::row,
                name, version).stream().findFirst();
    }

    private static ReleaseRow row(ResultSet rs) throws SQLException {
        return new ReleaseRow(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                rs.getString(5), Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)), rs.getInt(9), rs.getBytes(10));
    }
}
