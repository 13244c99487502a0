package dev.skyrun.state;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The state database a test opens: SQLite in its home, or, when a suite runs with the system
 * property {@code skyrun.test.state=postgresql} (the build's {@code postgresql-state} executions),
 * a fresh database on the test JVM's {@link PostgresServer}. Tests open state through here so the
 * same suite runs on both.
 */
public enum TestStates {
    SQLITE,
    POSTGRESQL;

    /** The system property that picks the database of a suite run. */
    public static final String PROPERTY = "skyrun.test.state";

    private static final Map<List<Object>, Map<String, String>> BY_DIR = new java.util.concurrent.ConcurrentHashMap<>();

    /** The database this suite run uses. */
    public static TestStates current() {
        return "postgresql".equals(System.getProperty(PROPERTY)) ? POSTGRESQL : SQLITE;
    }

    /** The environment that points skyrun at a new, empty state of this kind ({@code SKYRUN_STATE} or nothing). */
    public Map<String, String> env() throws IOException {
        if (this == SQLITE) {
            return Map.of();
        }
        try {
            return Map.of(ServerDatabase.ENV, PostgresServer.shared().freshDatabase());
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot create a test database: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting the test PostgreSQL", e);
        }
    }

    /**
     * The environment of the state of the test working in {@code dir}: the same database each time
     * for one directory (a test that reopens its state, or hands it to a process, sees what it wrote).
     */
    public Map<String, String> env(java.nio.file.Path dir) throws IOException {
        try {
            return BY_DIR.computeIfAbsent(List.of(this, dir.toAbsolutePath().normalize()), k -> {
                try {
                    return env();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Opens a new, empty state of this kind for {@code home}. */
    public StateStore open(SkyrunHome home) throws IOException {
        return StateStore.open(home, env());
    }
}
