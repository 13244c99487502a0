package dev.skyrun.state;

/** The state database refused a statement (disk full, locked too long, corrupted). */
public final class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StateException(String sql, Throwable cause) {
        super("state database error: " + cause.getMessage() + " (in: " + sql.lines().findFirst().orElse(sql)
                + "); check that SKYRUN_HOME is writable and not shared over a network file system", cause);
    }
}
