package dev.skyrun.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The little JDBC this package needs. */
final class Sql {
    private Sql() {}

    /** Maps one row. */
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The writes of every store of this process. */
    static final WriteLatency WRITES = new WriteLatency();

    static long insert(Connection db, String sql, Object... args) {
        return timed(() -> insertNow(db, sql, args));
    }

    private static long insertNow(Connection db, String sql, Object... args) {
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
        return timed(() -> updateNow(db, sql, args));
    }

    /** Runs one write, recording in {@link #WRITES} how long it took from the call to its commit. */
    private static <T> T timed(Supplier<T> write) {
        long start = System.nanoTime();
        try {
            return write.get();
        } finally {
            WRITES.record(System.nanoTime() - start);
        }
    }

    private static int updateNow(Connection db, String sql, Object... args) {
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
