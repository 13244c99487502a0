package dev.skyrun.lambda;

import dev.skyrun.cloud.CloudException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * An SSH session to one instance (Apache MINA SSHD, never a shell-out to {@code ssh}): runs one
 * command at a time with bytes on its stdin, so values handed over (secrets, the job script)
 * never appear on a command line.
 */
final class NodeShell implements AutoCloseable {

    /** What a command did. */
    record Result(int exit, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private final String where;
    private final ClientSession session;
    private final Duration timeout;

    private NodeShell(String where, ClientSession session, Duration timeout) {
        this.where = where;
        this.session = session;
        this.timeout = timeout;
    }

    /** A session to {@code user@host:port}, authenticated with {@code key}. */
    static NodeShell connect(SshClient client, String user, String host, int port, KeyPair key, Duration timeout) {
        String where = user + "@" + host + ":" + port;
        try {
            ClientSession session = client.connect(user, host, port).verify(timeout).getSession();
            session.addPublicKeyIdentity(key);
            session.auth().verify(timeout);
            return new NodeShell(where, session, timeout);
        } catch (IOException | RuntimeException e) {
            throw new CloudException("lambda: cannot reach " + where + " over SSH: " + e.getMessage(), e);
        }
    }

    /** Whether the session can still run commands. */
    boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    /** Runs {@code command} (POSIX sh) with {@code stdin}, waiting for it to end. */
    Result run(String command, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(stdin));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(timeout);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            Integer exit = channel.getExitStatus();
            return new Result(exit == null ? -1 : exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new CloudException("lambda: a command over SSH to " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException e) {
            // closing a session that broke already
        }
    }
}
