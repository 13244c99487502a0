package dev.skyrun.cli;

import dev.skyrun.cli.agent.AgentClient;
import java.io.IOException;

/**
 * What {@code bin/skyrun} runs (but {@code skyrun agent} and {@code SKYRUN_AGENT=off}): the thin
 * client of the skyrun agent ({@link AgentClient}), and the command in this process when no agent
 * can serve it. With {@code -Dskyrun.agent.start=never} (bin/skyrun gives it to {@code validate},
 * {@code plan} and bare {@code --help}/{@code --version}) it uses an agent that runs but starts none.
 */
public final class ClientMain {

    private ClientMain() {}

    /** Runs {@code skyrun ARGS} through the agent of this context, or in this process. */
    public static void main(String[] args) throws IOException {
        AgentClient.serveOrReturn(args, AgentMain.class.getName(), !"never".equals(System.getProperty("skyrun.agent.start")));
        Main.main(args);
    }
}
