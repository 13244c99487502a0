package dev.skyrun.cli;

import dev.skyrun.cli.agent.AgentInterrupts;
import dev.skyrun.cli.agent.AgentServer;
import dev.skyrun.cli.agent.CommandRunner;
import dev.skyrun.cloud.CloudRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * The main class of a skyrun agent's process ({@link AgentServer}): serves its clients' command
 * lines with skyrun's commands, each with its client's interrupts and the agent's open clouds.
 */
public final class AgentMain implements CommandRunner {

    private AgentMain() {}

    /** Runs the agent whose id is {@code args[0]} until it is idle or stopped. */
    public static void main(String[] args) throws IOException {
        AgentServer.run(args[0], new AgentMain());
    }

    @Override
    public int run(PrintStream out, PrintStream err, AgentInterrupts interrupts, CloudRegistry clouds, String[] args) {
        Interrupts fromClient = (e, stop, abandon) -> interrupts.watch(stop, abandon)::run;
        return Main.run(out, err, new CommandContext(System.getenv(), fromClient, Optional.of(clouds)), args);
    }

    @Override
    public Duration stopWait() {
        return Duration.ofSeconds(Interrupts.STOP_WAIT_SECONDS);
    }
}
