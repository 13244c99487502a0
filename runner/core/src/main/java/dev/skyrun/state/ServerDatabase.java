package dev.skyrun.state;

import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The state on a PostgreSQL server, as {@code SKYRUN_STATE} names it:
 * {@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require}. Migrated on open under
 * an advisory lock (two skyruns opening a new database at once take turns). The password goes to
 * the driver only: {@link #shown} never has it, and neither does any message.
 *
 * @param shown the URL without its password, for messages
 * @param jdbcUrl the driver's URL, without user or password
 * @param user the user, or empty for the driver's default
 * @param password the password, or empty
 */
record ServerDatabase(String shown, String jdbcUrl, String user, String password) {

    /** The environment variable that names a shared state database. */
    static final String ENV = "SKYRUN_STATE";

    /** The advisory lock held while migrating ("skyrun" in ASCII). */
    private static final long MIGRATING = 0x736b7972756eL;

    @Override
    public String toString() {
        return shown;
    }

    /** Whether {@code value} names a server (rather than being empty: the home's SQLite file). */
    static boolean named(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Reads a {@code postgresql://} URL.
     *
     * @throws InvalidInputException when it is not one (exit 2)
     */
    static ServerDatabase parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw notAUrl(e.getReason());
        }
        String scheme = String.valueOf(uri.getScheme());
        if (!(scheme.equals("postgresql") || scheme.equals("postgres")) || uri.getHost() == null
                || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw notAUrl("not a postgresql://HOST/DATABASE URL");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new ServerDatabase("postgresql://" + (user.isEmpty() ? "" : user + "@") + hostPort + uri.getRawPath(),
                "jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
    }

    /** A read-write connection, the schema migrated to this skyrun's. */
    Connection writable() throws IOException {
        Connection c = null;
        try {
            c = connect(false);
            Migrations.refuseNewer(c, "the state database " + shown);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + MIGRATING + ")");
                try {
                    Migrations.apply(c, Dialect.POSTGRESQL);
                } finally {
                    s.execute("SELECT pg_advisory_unlock(" + MIGRATING + ")");
                }
            }
            return c;
        } catch (SQLException e) {
            close(c);
            throw unreachable(e);
        }
    }

    /** A connection that can only read (a write fails), the schema migrated first when older. */
    Connection readOnly() throws IOException {
        try {
            Connection c = connect(true);
            if (Migrations.applied(c) < Migrations.latest()) {
                c.close();
                writable().close();
                c = connect(true);
            }
            try {
                Migrations.refuseNewer(c, "the state database " + shown);
            } catch (IOException e) {
                close(c);
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** A connection as it is, nothing migrated or checked. */
    Connection connect(boolean readOnly) throws SQLException {
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "skyrun");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        if (readOnly) {
            p.setProperty("readOnly", "true");
            p.setProperty("readOnlyMode", "always");
        }
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, p);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + shown);
        }
        return c;
    }

    private IOException unreachable(SQLException e) {
        return new IOException("cannot open the state database " + shown + ": " + e.getMessage()
                + " (check the server is up and SKYRUN_STATE's user, password and database; unset SKYRUN_STATE to"
                + " use the local SQLite file)", e);
    }

    private static InvalidInputException notAUrl(String why) {
        return new InvalidInputException(ENV + " must be a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL (" + why
                + "); unset it to keep the state in SKYRUN_HOME's SQLite file");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing after a failure: the failure is what matters
            }
        }
    }
}
