package dev.skyrun.cli.agent;

import dev.skyrun.cloud.CloudRegistry;
import java.io.PrintStream;
import java.time.Duration;

/**
 * How the agent runs a client's command line: skyrun's commands, which the agent's entry point
 * ({@code dev.skyrun.cli.AgentMain}) hands it, so that the agent knows nothing of them.
 */
public interface CommandRunner {

    /**
     * Runs one command line.
     *
     * @param out the client's stdout
     * @param err the client's stderr
     * @param interrupts the client's Ctrl-C, or its vanishing
     * @param clouds the agent's clouds, open across command lines
     * @param args the arguments after {@code skyrun}
     * @return the exit code
     */
    int run(PrintStream out, PrintStream err, AgentInterrupts interrupts, CloudRegistry clouds, String[] args);

    /** How long a command takes at most to stop what it started once interrupted. */
    Duration stopWait();
}
