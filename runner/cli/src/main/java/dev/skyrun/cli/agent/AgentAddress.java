package dev.skyrun.cli.agent;

import dev.skyrun.state.SkyrunHome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the skyrun agent of one launching context listens, and its files. A context is what makes
 * a command line mean the same thing in the agent as in a process of its own: skyrun's home, the
 * environment (secrets from it, credentials, endpoints), the working directory (relative paths)
 * and the build (java, class path, JVM options). Each context has its own agent; its id is a
 * hash of all of it, and the agent checks every request against its own context in full.
 *
 * <pre>{@code
 * ~/.skyrun/agents/ID.sock   the agent's unix socket (0600, in a 0700 directory)
 * ~/.skyrun/agents/ID.lock   held by the live agent; says its pid, start and directory
 * ~/.skyrun/agents/ID.log    what the agent says about itself (never arguments or environment)
 * }</pre>
 *
 * @param dir the agents directory
 * @param id the context's id
 */
public record AgentAddress(Path dir, String id) {

    /** Variables the shell changes on its own; they mean nothing to skyrun. */
    static final Set<String> VOLATILE = Set.of("_", "PWD", "OLDPWD", "SHLVL");

    /** The longest unix socket path the kernel takes (sun_path is 108 bytes with its NUL). */
    private static final int MAX_SOCKET_PATH = 107;

    /** The agents directory of the home the environment names ({@code SKYRUN_HOME}, else {@code ~/.skyrun}); nothing created. */
    public static Path agentsDir(Map<String, String> env) {
        return SkyrunHome.locate(env).resolve("agents");
    }

    /**
     * The address of this context's agent, or empty when its socket path would be too long for
     * the kernel (a deep {@code SKYRUN_HOME}: commands then run in their own process).
     */
    static Optional<AgentAddress> of(Map<String, String> env, String cwd, String build) {
        Path dir = agentsDir(env);
        AgentAddress a = new AgentAddress(dir, digest(context(env, cwd, build)));
        return a.socket().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH
                ? Optional.of(a) : Optional.empty();
    }

    /** The agents directory, created {@code 0700} (with skyrun's home) when missing. */
    Path createDir() throws IOException {
        return SkyrunHome.at(dir.getParent()).privateDir(dir);
    }

    /** The agent's unix socket. */
    public Path socket() {
        return dir.resolve(id.concat(".sock")); // no string concatenation call site: the client starts faster
    }

    /** The file the live agent holds locked. */
    public Path lock() {
        return dir.resolve(id.concat(".lock"));
    }

    /** The agent's own log. */
    public Path log() {
        return dir.resolve(id.concat(".log"));
    }

    /** The environment without the variables that mean nothing to skyrun, sorted. */
    static Map<String, String> stable(Map<String, String> env) {
        TreeMap<String, String> out = new TreeMap<>(env);
        out.keySet().removeAll(VOLATILE);
        return out;
    }

    /**
     * This JVM's build: its java, its class path with the size and time of each entry, and the
     * options an agent starts with. A rebuilt skyrun gets a new agent.
     */
    static String build(String agentOptions) {
        StringBuilder b = new StringBuilder(System.getProperty("java.home")).append('\n').append(agentOptions);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            b.append('\n').append(entry).append(' ').append(f.length()).append(' ').append(f.lastModified());
        }
        return b.toString();
    }

    private static String context(Map<String, String> env, String cwd, String build) {
        StringBuilder b = new StringBuilder("skyrun-agent ").append(AgentProtocol.VERSION).append('\0')
                .append(build).append('\0').append(cwd).append('\0');
        for (Map.Entry<String, String> e : stable(env).entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\0');
        }
        return b.toString();
    }

    /**
     * A 96-bit name for a context: two FNV-1a hashes of its UTF-16 units. Not a cryptographic
     * digest (none is needed: the agents directory is the user's own, and an agent checks every
     * request's context in full), and it loads no security provider, which costs the client ~8 ms.
     */
    private static String digest(String context) {
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        for (int i = 0; i < context.length(); i++) {
            char c = context.charAt(i);
            a = (a ^ c) * 0x100000001b3L;
            b = (b ^ c) * 0x00000100000001b3L + 0x9e3779b97f4a7c15L;
        }
        StringBuilder hex = new StringBuilder(24);
        for (int shift = 60; shift >= 0; shift -= 4) {
            hex.append(Character.forDigit((int) (a >>> shift) & 0xf, 16));
        }
        for (int shift = 60; shift >= 32; shift -= 4) {
            hex.append(Character.forDigit((int) (b >>> shift) & 0xf, 16));
        }
        return hex.toString();
    }
}
