package dev.skyrun.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the agent: checks that the client is this user and that its request is of the
 * agent's own context, runs the command line with the client's stdout, stderr and interrupts,
 * and sends its exit code. A command that watches for no interrupt (all but launch and resume)
 * ends on Ctrl-C as in a process of its own: the client gets exit code 130 at once, the command
 * nothing more of the client (its next write throws {@link ClientGone}) and, unless it may still
 * watch (launch, resume: they share the agent's engine connection), a thread interrupt.
 */
final class AgentConnection implements Runnable {

    /** The commands the agent does not run: {@code skyrun agent} manages the agents themselves. */
    static final Set<String> NOT_SERVED = Set.of("agent");

    /** The commands that watch for interrupts ({@link AgentInterrupts#watch}) and must not have their thread interrupted. */
    private static final Set<String> WATCHING = Set.of("launch", "resume");

    /** The exit code of a command that Ctrl-C ended, as a JVM ended by SIGINT gives. */
    private static final int INTERRUPTED = 130;

    private final SocketChannel channel;
    private final AgentContext context;
    private final CommandRunner commands;
    private final AgentInterrupts interrupts = new AgentInterrupts();
    private final OutputStream toClient;
    private final AtomicBoolean exited = new AtomicBoolean();
    private volatile boolean cut;
    private volatile Thread command;
    private volatile String name = "";

    AgentConnection(SocketChannel channel, AgentContext context, CommandRunner commands) {
        this.channel = channel;
        this.commands = commands;
        this.context = context;
        this.toClient = Channels.newOutputStream(channel);
    }

    /** Stops the command this connection runs, as Ctrl-C would (the agent is stopping). */
    void interrupt() {
        interrupted();
    }

    /**
     * Ctrl-C: a command that watches stops what it started; one that does not is told 130 and then
     * cut off. The code goes first: a cut-off command that returns at once must not send its own.
     */
    private void interrupted() {
        if (!interrupts.interrupt()) {
            cut = true;
            try {
                exit(INTERRUPTED);
            } catch (IOException e) {
                // the client is gone too
            }
            cutOff();
        }
    }

    @Override
    public void run() {
        try (channel) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            AgentProtocol.Frame first = AgentProtocol.read(in);
            if (first == null || first.type() != AgentProtocol.REQUEST) {
                return;
            }
            AgentProtocol.Request request = AgentProtocol.Request.decode(first.payload());
            Optional<String> refused = context.refusal(request, peer());
            if (refused.isPresent()) {
                send(AgentProtocol.REFUSED, refused.get().getBytes(StandardCharsets.UTF_8));
                return;
            }
            name = AgentContext.commandOf(request);
            command = Thread.currentThread();
            send(AgentProtocol.ACCEPTED, new byte[0]);
            Thread reader = new Thread(() -> follow(in), "skyrun-agent-client");
            reader.setDaemon(true);
            reader.start();
            PrintStream out = stream(AgentProtocol.OUT);
            PrintStream err = stream(AgentProtocol.ERR);
            int code = INTERRUPTED;
            try {
                code = commands.run(out, err, interrupts, context.clouds(), request.args().toArray(String[]::new));
                out.flush();
                err.flush();
            } catch (ClientGone e) {
                // cut off: the client has its exit code
            } finally {
                interrupts.finished();
                Thread.interrupted(); // clears a cut-off command's interrupt: this thread serves no one else
            }
            exit(code);
        } catch (IOException e) {
            // the client is gone: what it asked for ended as interrupts say
        }
    }

    /** Sends the command's exit code, once: a command cut off has had its code already. */
    private void exit(int code) throws IOException {
        if (exited.compareAndSet(false, true)) {
            send(AgentProtocol.EXIT, AgentProtocol.code(code));
        }
    }

    /** Ends a command that watches for no interrupt as a process ended by a signal: output cut, thread interrupted. */
    private void cutOff() {
        cut = true;
        Thread t = command;
        if (t != null && !WATCHING.contains(name)) {
            t.interrupt();
        }
    }

    /** The user of the peer process, from the kernel; empty where the OS does not say. */
    private Optional<String> peer() {
        return AgentProtocol.peerUser(channel);
    }

    /** Reads the client's frames after its request: interrupts, then the end of the connection. */
    private void follow(DataInputStream in) {
        try {
            AgentProtocol.Frame f;
            while ((f = AgentProtocol.read(in)) != null) {
                if (f.type() == AgentProtocol.INTERRUPT) {
                    interrupted();
                }
            }
        } catch (IOException e) {
            // the connection broke: as its end
        }
        if (!interrupts.vanished()) {
            cutOff();
        }
    }

    private PrintStream stream(byte type) {
        return new PrintStream(new BufferedOutputStream(new FrameStream(type), 1 << 13), false, StandardCharsets.UTF_8);
    }

    private void send(byte type, byte[] payload) throws IOException {
        synchronized (toClient) {
            AgentProtocol.write(toClient, type, payload);
        }
    }

    /**
     * Bytes the command prints, as frames of one type. Once the client is gone they are dropped:
     * a command must not fail because nobody reads it any more.
     */
    private final class FrameStream extends OutputStream {

        private final byte type;
        private volatile boolean broken;

        FrameStream(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (cut) {
                throw new ClientGone();
            }
            if (broken || len == 0) {
                return;
            }
            try {
                synchronized (toClient) {
                    AgentProtocol.write(toClient, type, b, off, len);
                }
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    /** Thrown at a cut-off command that writes: its client has gone, as a killed process's command would. */
    static final class ClientGone extends Error { // an Error: no command's catch of Exception keeps it, no handler prints it
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("the client has gone", null, false, false);
        }
    }
}
