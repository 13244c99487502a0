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

/**
 * One client of the agent: checks that the client is this user and that its request is of the
 * agent's own context, runs the command line with the client's stdout, stderr and interrupts,
 * and sends its exit code.
 */
final class AgentConnection implements Runnable {

    /** The commands the agent runs; bin/skyrun sends only these. */
    static final Set<String> SERVED = Set.of("launch");

    private final SocketChannel channel;
    private final AgentContext context;
    private final CommandRunner commands;
    private final AgentInterrupts interrupts = new AgentInterrupts();
    private final OutputStream toClient;

    AgentConnection(SocketChannel channel, AgentContext context, CommandRunner commands) {
        this.channel = channel;
        this.commands = commands;
        this.context = context;
        this.toClient = Channels.newOutputStream(channel);
    }

    /** Stops the command this connection runs, as Ctrl-C would (the agent is stopping). */
    void interrupt() {
        interrupts.interrupt();
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
            send(AgentProtocol.ACCEPTED, new byte[0]);
            Thread reader = new Thread(() -> follow(in), "skyrun-agent-client");
            reader.setDaemon(true);
            reader.start();
            PrintStream out = stream(AgentProtocol.OUT);
            PrintStream err = stream(AgentProtocol.ERR);
            int code;
            try {
                code = commands.run(out, err, interrupts, context.clouds(), request.args().toArray(String[]::new));
            } finally {
                interrupts.finished();
                out.flush();
                err.flush();
            }
            send(AgentProtocol.EXIT, AgentProtocol.code(code));
        } catch (IOException e) {
            // the client is gone: what it asked for ended as interrupts say
        }
    }

    /** The user of the peer process, from the kernel (SO_PEERCRED); empty where the OS does not say. */
    private Optional<String> peer() {
        try {
            return Optional.of(channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Reads the client's frames after its request: interrupts, then the end of the connection. */
    private void follow(DataInputStream in) {
        try {
            AgentProtocol.Frame f;
            while ((f = AgentProtocol.read(in)) != null) {
                if (f.type() == AgentProtocol.INTERRUPT) {
                    interrupts.interrupt();
                }
            }
        } catch (IOException e) {
            // the connection broke: as its end
        }
        interrupts.vanished();
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
}
