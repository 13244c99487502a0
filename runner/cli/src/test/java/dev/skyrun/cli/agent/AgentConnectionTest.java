package dev.skyrun.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.CloudRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One client's command in the agent, over a real socket: the exit code the client is told. */
class AgentConnectionTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path tmp;

    /**
     * A command that watches for no interrupt (logs --follow) and returns as soon as its thread is
     * interrupted: Ctrl-C ends it at 130, as in a process of its own, never at the 0 it returns.
     */
    @Test
    void ctrlCEndsACommandThatReturnsAtOnceWhenInterruptedAt130() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertThat(exitAfterCtrlC()).as("round %d", i).isEqualTo(130);
        }
    }

    private int exitAfterCtrlC() throws Exception {
        Map<String, String> env = Map.of("SKYRUN_HOME", tmp.toString());
        AgentContext context = new AgentContext("build 1", "/work", env, USER, CloudRegistry.of(List.of(), env));
        Path address = tmp.resolve("agent-" + System.nanoTime() + ".sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(address));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(address))) {
                Thread agent = Thread.ofPlatform().start(() -> {
                    try {
                        new AgentConnection(server.accept(), context, new ReturnsWhenInterrupted()).run();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                OutputStream toAgent = Channels.newOutputStream(client);
                DataInputStream fromAgent = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
                AgentProtocol.write(toAgent, AgentProtocol.REQUEST,
                        new AgentProtocol.Request(AgentProtocol.VERSION, "build 1", "/work", env, List.of("logs", "--follow", "r")).encode());
                assertThat(AgentProtocol.read(fromAgent).type()).isEqualTo(AgentProtocol.ACCEPTED);
                assertThat(AgentProtocol.read(fromAgent).type()).as("the command's first line").isEqualTo(AgentProtocol.OUT);
                AgentProtocol.write(toAgent, AgentProtocol.INTERRUPT, new byte[0]);
                AgentProtocol.Frame f;
                while ((f = AgentProtocol.read(fromAgent)) != null && f.type() != AgentProtocol.EXIT) {
                    // output the command printed before it was cut off
                }
                agent.join(Duration.ofSeconds(10));
                assertThat(f).as("an exit code reached the client").isNotNull();
                return AgentProtocol.code(f.payload());
            }
        }
    }

    /** Prints a line, then waits; an interrupt ends the wait and the command returns 0 at once. */
    private static final class ReturnsWhenInterrupted implements CommandRunner {

        @Override
        public int run(PrintStream out, PrintStream err, AgentInterrupts interrupts, CloudRegistry clouds, String[] args) {
            out.println("tick");
            out.flush();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                return 0;
            }
            return 0;
        }

        @Override
        public Duration stopWait() {
            return Duration.ofSeconds(1);
        }
    }
}
