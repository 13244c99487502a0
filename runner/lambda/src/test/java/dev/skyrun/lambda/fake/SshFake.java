package dev.skyrun.lambda.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A loopback SSH server standing in for the instances' sshd (Apache MINA SSHD): it lets in only
 * a public key Lambda has registered ({@code authorized}, the fake API's SSH keys) and runs each
 * command with {@code /bin/sh -c} on this machine, stdin and stdout passed through. It records the
 * commands it ran, so a test can show no secret value was ever on a command line.
 */
public final class SshFake implements AutoCloseable {

    private final SshServer server;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    /** Starts a server on an ephemeral port of 127.0.0.1 that accepts the keys {@code authorized} lists (OpenSSH form). */
    public SshFake(Supplier<Collection<String>> authorized) {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPublickeyAuthenticator((user, key, session) -> isAuthorized(key, authorized.get()));
        server.setCommandFactory((channel, command) -> new ShCommand(command, commands));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** The commands run so far. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    private static boolean isAuthorized(PublicKey key, Collection<String> authorized) {
        String offered = PublicKeyEntry.toString(key);
        return authorized.stream().anyMatch(a -> a.startsWith(offered + " ") || a.equals(offered));
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One command: {@code /bin/sh -c COMMAND}, its streams copied to and from the channel. */
    private static final class ShCommand implements Command {
        private final String command;
        private final List<String> log;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        ShCommand(String command, List<String> log) {
            this.command = command;
            this.log = log;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            log.add(command);
            process = new ProcessBuilder("/bin/sh", "-c", command).start();
            Thread t = new Thread(this::pump, "ssh-fake-command");
            t.setDaemon(true);
            t.start();
        }

        private void pump() {
            try {
                Thread feed = new Thread(() -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        in.transferTo(stdin);
                    } catch (IOException e) {
                        // the command ended before reading all of its input
                    }
                }, "ssh-fake-stdin");
                feed.setDaemon(true);
                feed.start();
                Thread errs = new Thread(() -> copy(process.getErrorStream(), err), "ssh-fake-stderr");
                errs.setDaemon(true);
                errs.start();
                copy(process.getInputStream(), out);
                int code = process.waitFor();
                errs.join();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.onExit(255, "interrupted");
            }
        }

        private static void copy(InputStream from, OutputStream to) {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // the channel closed
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
