package dev.skyrun.cli.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the skyrun client and agent say over the agent's socket: frames of a type byte, a length
 * and bytes. The client sends one {@link #REQUEST} (its context and arguments), then
 * {@link #INTERRUPT} on Ctrl-C; the agent sends {@link #OUT} and {@link #ERR} bytes as the
 * command prints them and one {@link #EXIT}, or one {@link #REFUSED} when the request is not for it.
 * The agent says {@link #ACCEPTED} before it acts on a request: a client that sees the connection
 * end before that may safely try again (the agent was stopping).
 */
final class AgentProtocol {

    /** Changes whenever the frames change; part of every agent's context. */
    static final int VERSION = 1;

    static final byte REQUEST = 'R';
    static final byte INTERRUPT = 'I';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    static final byte REFUSED = 'F';
    static final byte ACCEPTED = 'A';

    /** The longest frame either side accepts. */
    private static final int MAX_FRAME = 64 << 20;

    private AgentProtocol() {}

    /** One frame. */
    record Frame(byte type, byte[] payload) {}

    /**
     * A client's request: what the agent checks against its own context, and the command line.
     *
     * @param version the protocol version
     * @param build the client's build ({@link AgentAddress#build})
     * @param cwd the client's working directory
     * @param env the client's environment
     * @param args the arguments after {@code skyrun}
     */
    record Request(int version, String build, String cwd, Map<String, String> env, List<String> args) {

        byte[] encode() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeInt(version);
                text(out, build);
                text(out, cwd);
                out.writeInt(env.size());
                for (Map.Entry<String, String> e : env.entrySet()) {
                    text(out, e.getKey());
                    text(out, e.getValue());
                }
                out.writeInt(args.size());
                for (String a : args) {
                    text(out, a);
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e); // a byte array does not fail
            }
        }

        static Request decode(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            int version = in.readInt();
            String build = text(in);
            String cwd = text(in);
            int n = count(in);
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                env.put(text(in), text(in));
            }
            int argc = count(in);
            List<String> args = new ArrayList<>();
            for (int i = 0; i < argc; i++) {
                args.add(text(in));
            }
            return new Request(version, build, cwd, env, args);
        }
    }

    /** Writes one frame and flushes it. */
    static void write(OutputStream out, byte type, byte[] payload, int offset, int length) throws IOException {
        byte[] head = {type, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        out.write(head);
        out.write(payload, offset, length);
        out.flush();
    }

    /** Writes one frame and flushes it. */
    static void write(OutputStream out, byte type, byte[] payload) throws IOException {
        write(out, type, payload, 0, payload.length);
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("agent frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame((byte) type, payload);
    }

    /** The user the process at the other end of {@code channel} runs as, from the kernel (SO_PEERCRED); empty where the OS does not say. */
    static Optional<String> peerUser(SocketChannel channel) {
        try {
            return Optional.of(channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** An exit code as a frame's payload. */
    static byte[] code(int code) {
        return new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    }

    /** The exit code of an {@link #EXIT} frame. */
    static int code(byte[] payload) throws IOException {
        if (payload.length != 4) {
            throw new EOFException("exit frame of " + payload.length + " bytes");
        }
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("agent request field of " + n);
        }
        return n;
    }
}
