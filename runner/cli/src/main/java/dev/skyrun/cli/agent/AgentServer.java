package dev.skyrun.cli.agent;

import dev.skyrun.state.SkyrunHome;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The skyrun agent: a resident JVM serving the launches of one context ({@link AgentAddress})
 * over its unix socket, so that a launch costs a thin client's start instead of a JVM's start,
 * class loading and warm-up. Started by the first {@link AgentClient} of its context, in a
 * session of its own (its main class, {@code dev.skyrun.cli.AgentMain}, gives it skyrun's
 * commands); only one per context runs (it holds its lock file). It exits after
 * {@code SKYRUN_AGENT_IDLE_SECONDS} (default 900) without a client, once idle after skyrun was
 * rebuilt (its jar changed: a new agent serves the new build), or on SIGTERM
 * ({@code skyrun agent stop}), which interrupts the launches it runs as Ctrl-C would.
 */
public final class AgentServer {

    /** Idle seconds before the agent exits, unless {@code SKYRUN_AGENT_IDLE_SECONDS} says otherwise. */
    static final long DEFAULT_IDLE_SECONDS = 900;

    private final AgentAddress address;
    private final AgentContext context;
    private final CommandRunner commands;
    private final ServerSocketChannel server;
    private final long idleNanos;
    private final Set<AgentConnection> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
    private final Object admission = new Object();
    private final FileLock lock;
    private final String options;
    private volatile boolean closing;

    private AgentServer(AgentAddress address, AgentContext context, CommandRunner commands, ServerSocketChannel server,
            long idleSeconds, FileLock lock, String options) {
        this.commands = commands;
        this.lock = lock; // held until the agent stops
        this.options = options;
        this.address = address;
        this.context = context;
        this.server = server;
        this.idleNanos = idleSeconds * 1_000_000_000L;
    }

    /** Runs the agent whose id is {@code id}, serving command lines with {@code commands}, until it is idle or stopped. */
    public static void run(String id, CommandRunner commands) throws IOException {
        Map<String, String> env = System.getenv();
        AgentAddress address = new AgentAddress(AgentAddress.agentsDir(env), id);
        address.createDir();
        FileChannel lockChannel = FileChannel.open(address.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            return; // another agent of this context is starting or serving: the client finds it
        }
        SkyrunHome.privateFile(address.lock());
        if (Files.exists(address.log())) {
            SkyrunHome.privateFile(address.log());
        }
        long idle = idleSeconds(env);
        String started = Instant.now().toString();
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\nstarted " + started + "\ncwd "
                + System.getProperty("user.dir") + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        Files.deleteIfExists(address.socket()); // a dead agent's socket
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(address.socket()));
        SkyrunHome.privateFile(address.socket());
        PrintStream log = System.err; // the client points it at the log file
        log.println(started + " agent " + address.id() + " (pid " + ProcessHandle.current().pid() + ") serving; exits after "
                + idle + " s idle");
        String options = System.getProperty("skyrun.agent.options", "");
        AgentServer agent = new AgentServer(address, AgentContext.current(options), commands, server, idle, lock, options);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "skyrun-agent-stop"));
        Thread watchdog = new Thread(agent::exitWhenIdle, "skyrun-agent-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        agent.serve();
        log.println(Instant.now() + " agent " + address.id() + " stopped");
    }

    private void serve() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                System.err.println(Instant.now() + " agent: accept failed: " + e.getMessage());
                continue;
            }
            AgentConnection c = new AgentConnection(client, context, commands);
            synchronized (admission) {
                if (closing) {
                    close(client);
                    return;
                }
                active.add(c);
            }
            Thread t = new Thread(() -> {
                try {
                    c.run();
                } finally {
                    active.remove(c);
                    lastActive.set(System.nanoTime());
                }
            }, "skyrun-agent-connection");
            t.start();
        }
    }

    /** Exits once no client has been connected for the idle time. */
    private void exitWhenIdle() {
        while (true) {
            try {
                Thread.sleep(Math.min(1000, Math.max(10, idleNanos / 4_000_000)));
            } catch (InterruptedException e) {
                return;
            }
            // rebuilt (its jar changed), or its home removed (its socket is gone: no client can reach it)
            boolean rebuilt = !AgentAddress.build(options).equals(context.build()) || !Files.exists(address.socket());
            synchronized (admission) {
                closing = active.isEmpty() && (rebuilt || System.nanoTime() - lastActive.get() > idleNanos);
            }
            if (closing) {
                System.err.println(Instant.now() + " agent " + address.id() + (rebuilt ? " outdated: skyrun was rebuilt or its home removed"
                        : " idle") + "; exiting");
                System.exit(0); // the shutdown hook stops listening
            }
        }
    }

    /** On exit: stops listening, and interrupts the commands still running (waiting for them as Ctrl-C would). */
    private void stop() {
        synchronized (admission) {
            closing = true;
        }
        try {
            server.close();
            Files.deleteIfExists(address.socket());
            lock.release(); // a new agent of this context may start now
        } catch (IOException e) {
            // exiting
        }
        long deadline = System.nanoTime() + commands.stopWait().plusSeconds(5).toNanos();
        active.forEach(AgentConnection::interrupt);
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long idleSeconds(Map<String, String> env) {
        try {
            return Math.max(1, Long.parseLong(env.getOrDefault("SKYRUN_AGENT_IDLE_SECONDS",
                    Long.toString(DEFAULT_IDLE_SECONDS)).strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE_SECONDS;
        }
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
    }
}
