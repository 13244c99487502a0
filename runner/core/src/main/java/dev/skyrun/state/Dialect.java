package dev.skyrun.state;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases skyrun's state can live in, and the little SQL that differs between them. The
 * migrations are written once, in SQLite's words; {@link #ddl} says them in PostgreSQL's. Queries
 * and writes are written in SQL both accept (upserts with {@code ON CONFLICT}), so nothing else in
 * skyrun knows which database it is.
 */
enum Dialect {
    /** An embedded file in skyrun's home: the default. */
    SQLITE,
    /** A shared server named by {@code SKYRUN_STATE=postgresql://...}. */
    POSTGRESQL;

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^(\\s*CREATE TABLE(?: IF NOT EXISTS)? \\w+ \\()");

    /** What ends a {@code SELECT} that claims rows: PostgreSQL skips rows another transaction holds. */
    String skipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * A schema statement of a migration, in this database's words. For PostgreSQL: an
     * auto-incremented key is a {@code BIGSERIAL}, a blob {@code BYTEA}, a real a double, and
     * every table gets the {@code rowid} that SQLite gives each row (queries order ties by it).
     */
    String ddl(String sql) {
        if (this == SQLITE) {
            return sql;
        }
        String out = sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
                .replaceAll("\\bBLOB\\b", "BYTEA")
                .replaceAll("\\bREAL\\b", "DOUBLE PRECISION");
        Matcher m = CREATE_TABLE.matcher(out);
        return m.find() ? m.replaceFirst(Matcher.quoteReplacement(m.group(1)) + "rowid BIGSERIAL, ") : out;
    }
}
