package dev.skyrun.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The release_notes and slo_samples tables of the {@link StateStore}: what happened to releases
 * after their manifests were written, and the SLO readings {@code skyrun watch} took. Rows are
 * appended, never updated.
 */
public final class ReleaseNotes {

    private static final String NOTE = "name, version, at, kind, actor, reason, evidence";
    private static final String SAMPLE = "name, version, slo, at, value, outcome, detail";

    private final Connection db;

    ReleaseNotes(Connection db) {
        this.db = db;
    }

    /** Appends a note. */
    public void add(ReleaseNoteRow n) {
        Sql.insert(db, "INSERT INTO release_notes(" + NOTE + ") VALUES (?, ?, ?, ?, ?, ?, ?)", n.name(), n.version(),
                n.at().toString(), n.kind(), n.actor(), n.reason(), n.evidence().orElse(null));
    }

    /** Every note of a release name, oldest first. */
    public List<ReleaseNoteRow> of(String name) {
        return Sql.query(db, "SELECT " + NOTE + " FROM release_notes WHERE name = ? ORDER BY id", ReleaseNotes::note,
                name);
    }

    /** Appends an SLO reading. */
    public void sample(SloSampleRow s) {
        Sql.insert(db, "INSERT INTO slo_samples(" + SAMPLE + ") VALUES (?, ?, ?, ?, ?, ?, ?)", s.name(), s.version(),
                s.slo(), s.at().toString(), s.value().orElse(null), s.outcome(), s.detail());
    }

    /** The newest {@code limit} readings of one SLO of one release, oldest first. */
    public List<SloSampleRow> samples(String name, String version, String slo, int limit) {
        List<SloSampleRow> newest = Sql.query(db, "SELECT " + SAMPLE + " FROM slo_samples WHERE name = ? AND version = ?"
                + " AND slo = ? ORDER BY id DESC LIMIT ?", ReleaseNotes::sample, name, version, slo, limit);
        return newest.reversed();
    }

    private static ReleaseNoteRow note(ResultSet rs) throws SQLException {
        return new ReleaseNoteRow(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), Optional.ofNullable(rs.getString(7)));
    }

    private static SloSampleRow sample(ResultSet rs) throws SQLException {
        double v = rs.getDouble(5);
        Optional<Double> value = rs.wasNull() ? Optional.empty() : Optional.of(v);
        return new SloSampleRow(rs.getString(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)), value,
                rs.getString(6), rs.getString(7));
    }
}
