package dev.skyrun.state;

/** The state database refused a statement (disk full, locked too long, corrupted, opened read-only). */
public final class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StateException(String sql, Throwable cause) {
        super("state database error: " + cause.getMessage() + " (in: " + sql.lines().findFirst().orElse(sql)
                + ")" + hint(String.valueOf(cause.getMessage())), cause);
    }

    private static String hint(String message) {
        if (message.contains("SQLITE_FULL") || message.contains("disk is full")) {
            return ": disk full; free some space where SKYRUN_HOME is";
        }
        if (message.contains("SQLITE_READONLY")) {
            return "; this command opened the state read-only and must not write it";
        }
        return "; check that SKYRUN_HOME is writable and not shared over a network file system";
    }
}
