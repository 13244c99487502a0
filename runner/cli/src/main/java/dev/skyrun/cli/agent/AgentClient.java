package dev.skyrun.cli.agent;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thin client of the skyrun agent ({@code bin/skyrun} runs every command through it), a resident JVM that has
 * skyrun's classes loaded and warm. It connects to the agent of its context
 * ({@link AgentAddress}), starting it when there is none, sends its command line, copies the
 * command's output to its own stdout and stderr and exits with the command's code. Ctrl-C (or
 * SIGTERM, or a hang-up) is passed on, so the launch stops what it started, as in a process of
 * its own. When no agent can serve it, the command runs in this process ({@code dev.skyrun.cli.ClientMain}).
 *
 * <p>The client loads few classes (no picocli, no lambdas) so that it starts in tens of milliseconds.
 */
public final class AgentClient {

    /** How long a new agent may take to listen. */
    private static final long START_WAIT_MILLIS = 20_000;
    /** How long Ctrl-C waits for the agent to stop the command (a little over the command's own wait). */
    private static final long INTERRUPT_WAIT_SECONDS = 35;

    private final SocketChannel channel;
    private final OutputStream toAgent;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int exitCode = 3;
    private String refusal = "";

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
        this.toAgent = Channels.newOutputStream(channel);
    }

    /**
     * Runs {@code skyrun ARGS} through the agent of this context and exits with its code; returns
     * when no agent can serve them (the caller runs them in this process). The system property
     * {@code skyrun.agent.options} holds, one per line, the java command and the JVM options an
     * agent starts with (bin/skyrun sets it).
     *
     * @param agentMain the main class of an agent's process ({@link AgentServer#run} with skyrun's commands)
     * @param mayStart whether to start the agent when none is running ({@code validate} and
     *     {@code plan} only use one that runs: they stay pure, safe in CI on untrusted pull requests)
     */
    public static void serveOrReturn(String[] args, String agentMain, boolean mayStart) throws IOException {
        nameSelectorProvider();
        String options = System.getProperty("skyrun.agent.options", "");
        Map<String, String> env = System.getenv();
        String cwd = System.getProperty("user.dir");
        String build = AgentAddress.build(options);
        Optional<AgentAddress> address = AgentAddress.of(env, cwd, build);
        if (address.isEmpty()) {
            inProcess(args, env, "the agent's socket path under SKYRUN_HOME would be too long");
            return;
        }
        AgentProtocol.Request request = new AgentProtocol.Request(AgentProtocol.VERSION, build, cwd, env, List.of(args));
        for (int tries = 0; tries < 2; tries++) {
            SocketChannel channel = connect(address.get());
            if (channel == null && !mayStart) {
                inProcess(args, env, "no agent runs for this context, and this command does not start one");
                return;
            }
            if (channel == null) {
                channel = start(address.get(), options, agentMain);
            }
            if (channel == null) {
                inProcess(args, env, "the agent did not start; see " + address.get().log());
                return;
            }
            AgentClient client = new AgentClient(channel);
            Answer answer = client.run(request);
            if (answer == Answer.REFUSED) {
                inProcess(args, env, "the agent refused: " + client.refusal);
                return;
            }
            if (answer == Answer.DONE) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(client.exitCode); // exit() would look up a logger: every jar opened
            }
            // the agent closed before taking the request (it was exiting): a new one takes it
        }
        inProcess(args, env, "the agent closed the connection twice before taking the request");
    }

    /** How a request went. */
    private enum Answer {
        /** The command ran; {@link #exitCode} is its code. */
        DONE,
        /** The agent does not serve it ({@link #refusal}); nothing ran. */
        REFUSED,
        /** The connection ended before the agent took the request; nothing ran. */
        NOT_TAKEN
    }

    /**
     * Names the JDK's own selector provider, before any socket is opened: else finding one looks
     * for a provider on the class path, which opens every jar on it (~50 ms of the client's start).
     */
    private static void nameSelectorProvider() {
        String os = System.getProperty("os.name", "");
        String provider = os.startsWith("Linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.startsWith("Mac") ? "sun.nio.ch.KQueueSelectorProvider" : null;
        if (provider != null && System.getProperty("java.nio.channels.spi.SelectorProvider") == null) {
            System.setProperty("java.nio.channels.spi.SelectorProvider", provider);
        }
    }

    /** Sends the request and copies what comes back until the command's exit code. */
    private Answer run(AgentProtocol.Request request) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
        try {
            synchronized (toAgent) {
                AgentProtocol.write(toAgent, AgentProtocol.REQUEST, request.encode());
            }
            AgentProtocol.Frame first = AgentProtocol.read(in);
            if (first == null) {
                return Answer.NOT_TAKEN;
            }
            if (first.type() == AgentProtocol.REFUSED) {
                refusal = new String(first.payload(), StandardCharsets.UTF_8);
                return Answer.REFUSED;
            }
        } catch (IOException e) {
            return Answer.NOT_TAKEN;
        }
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                interrupted();
            }
        }, "skyrun-client-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (true) {
                AgentProtocol.Frame f;
                try {
                    f = AgentProtocol.read(in);
                } catch (IOException e) {
                    f = null;
                }
                if (f == null) {
                    stderr.write(("skyrun: the skyrun agent ended before the command did (skyrun agent list"
                            + " shows the agents); what it started may still run: skyrun status\n").getBytes(StandardCharsets.UTF_8));
                    exitCode = 3;
                    break;
                }
                if (f.type() == AgentProtocol.OUT) {
                    stdout.write(f.payload());
                } else if (f.type() == AgentProtocol.ERR) {
                    stderr.write(f.payload());
                } else if (f.type() == AgentProtocol.EXIT) {
                    exitCode = AgentProtocol.code(f.payload());
                    break;
                }
            }
        } finally {
            ended.countDown();
        }
        channel.close();
        return Answer.DONE;
    }

    /** The shutdown hook: Ctrl-C, SIGTERM or a hang-up while the command runs; passes it on and exits as the command does. */
    private void interrupted() {
        if (ended.getCount() == 0) {
            return; // the command had ended: a plain exit
        }
        try {
            synchronized (toAgent) {
                AgentProtocol.write(toAgent, AgentProtocol.INTERRUPT, new byte[0]);
            }
            if (ended.await(INTERRUPT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.out.flush();
                Runtime.getRuntime().halt(exitCode);
            }
            System.err.println("skyrun: interrupted; what this launch started may still run: skyrun down or skyrun resume");
        } catch (IOException e) {
            // the agent is gone: nothing to pass on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(130);
    }

    /**
     * A connection to the agent at {@code address}, or null when none listens there or what listens
     * runs as another user (it is told nothing: the request carries the environment's secrets).
     */
    private static SocketChannel connect(AgentAddress address) {
        try {
            SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(address.socket()));
            if (!ownUser(c)) {
                c.close();
                return null;
            }
            return c;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether the peer of {@code c} runs as this user, as the kernel says; true where the OS does not say. */
    private static boolean ownUser(SocketChannel c) {
        Optional<String> peer = AgentProtocol.peerUser(c);
        return peer.isEmpty() || peer.get().equals(System.getProperty("user.name"));
    }

    /**
     * Starts the agent of {@code address} in a session of its own (so the terminal's Ctrl-C and
     * hang-up reach only this client) and connects to it; null when it did not come up.
     */
    private static SocketChannel start(AgentAddress address, String options, String agentMain) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        List<String> java = new ArrayList<>();
        for (String o : options.split("\n")) {
            if (!o.isEmpty()) {
                java.add(o);
            }
        }
        if (java.isEmpty()) {
            java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        cmd.addAll(java);
        cmd.add("-Dskyrun.agent.options=" + options);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(agentMain);
        cmd.add(address.id());
        address.createDir();
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(address.log().toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            SocketChannel c = connect(address);
            if (c != null) {
                return c;
            }
            if (!p.isAlive() && p.exitValue() != 0) {
                return null; // it failed; its log says why
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Says, under {@code SKYRUN_DEBUG=1}, why the command line runs in this process (slower to start, the same in every other way). */
    private static void inProcess(String[] args, Map<String, String> env, String why) {
        if ("1".equals(env.get("SKYRUN_DEBUG"))) {
            System.err.println("skyrun: running in this process: " + why);
        }
    }
}
