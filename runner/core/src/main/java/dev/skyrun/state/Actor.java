package dev.skyrun.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who did something recorded in the state: a user on a host ({@code ada@build-7}).
 *
 * @param user the login name ({@code USER}, else the JVM's {@code user.name})
 * @param host the machine's host name ({@code HOSTNAME}, else {@code /etc/hostname})
 */
public record Actor(String user, String host) {

    /** The user and host of this process, from {@code env}. */
    public static Actor of(Map<String, String> env) {
        String user = env.getOrDefault("USER", "");
        return new Actor(user.isBlank() ? System.getProperty("user.name", "unknown") : user.strip(), hostName(env));
    }

    /** This machine's host name. */
    static String localHost() {
        return hostName(System.getenv());
    }

    private static String hostName(Map<String, String> env) {
        String h = env.getOrDefault("HOSTNAME", "");
        if (!h.isBlank()) {
            return h.strip();
        }
        try {
            String f = Files.readString(Path.of("/etc/hostname")).strip();
            return f.isEmpty() ? "localhost" : f;
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return user + "@" + host;
    }
}
