package dev.skyrun.cli;

import dev.skyrun.cli.agent.AgentClient;
import java.io.IOException;

/**
 * What {@code bin/skyrun launch} runs: the thin client of the skyrun agent ({@link AgentClient}),
 * and the command in this process when no agent can serve it.
 */
public final class ClientMain {

    private ClientMain() {}

    /** Runs {@code skyrun ARGS} through the agent of this context, or in this process. */
    public static void main(String[] args) throws IOException {
        AgentClient.serveOrReturn(args, AgentMain.class.getName());
        Main.main(args);
    }
}
